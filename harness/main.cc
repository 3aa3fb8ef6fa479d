#include "harness/cli/cli.h"

int main(int argc, char** argv) { return netgrade::cli::Main(argc, argv); }
