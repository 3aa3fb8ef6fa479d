// Ubuntu (23.10 and later, so 24.04 LTS and GitHub's ubuntu-latest runners) lets a normal
// user's program make a user namespace only where an AppArmor profile grants it `userns`
// (kernel.apparmor_restrict_unprivileged_userns = 1): unshare(CLONE_NEWUSER) succeeds, the
// namespace has no capability, and the uid_map write fails with EPERM. Ubuntu's own way for a
// program that needs them (its browsers and container tools) is a profile of the program's
// own, unconfined but for that one permission. netgrade ships one for its own binary
// (AppArmorProfile) and installs it (`netgrade apparmor --install`, run by `cmake --install`,
// the .deb and ci/setup where the restriction is met), never the sysctl that turns the
// protection off for every program of the machine. The programs netgrade starts inherit the
// profile but not the permission's use: its seccomp filter refuses them user namespaces.
#pragma once

#include <string>

namespace netgrade::sandbox {

// What AppArmor does on this machine, read under `root` ("/" here; a test's folder).
struct AppArmorHere {
  bool running = false;           // the LSM is on (/sys/kernel/security/apparmor)
  bool restricts_userns = false;  // kernel.apparmor_restrict_unprivileged_userns is 1
  // The profile this process runs under ("unconfined" without one), from /proc/self/attr.
  std::string current = "unconfined";
};
AppArmorHere LookAtAppArmor(const std::string& root = "/");

// The profile's name for the netgrade binary at `binary` (an absolute path): "netgrade" for
// the package's /usr/bin/netgrade, else "netgrade-" and 8 hex digits of the path's digest, so
// that a clone's build/netgrade and an installed one each have their own.
std::string AppArmorProfileName(const std::string& binary);
// The profile: attached to `binary` alone, unconfined, allowed to make user namespaces.
std::string AppArmorProfile(const std::string& binary);

// Where the profile goes, and the parser that loads it (a test points them elsewhere).
struct AppArmorInstall {
  std::string binary;  // the netgrade it is for (absolute)
  std::string profiles_dir = "/etc/apparmor.d";
  std::string parser = "apparmor_parser";
  std::string root = "/";  // what LookAtAppArmor reads
  bool require_root = true;
};
// Writes the profile and loads it with the parser. Returns "" when it is in place (written
// and loaded; already there, the same, loaded again), else one sentence saying why nothing
// was installed (AppArmor not running, not root, a different profile already there, no
// parser, the parser refused it); a failed load removes what was written.
std::string InstallAppArmorProfile(const AppArmorInstall& install);

// Where the restriction is met and netgrade runs under no profile: the one sentence naming
// the one command that installs its profile; "" elsewhere.
std::string AppArmorRemedy(const AppArmorHere& here, const std::string& binary);

}  // namespace netgrade::sandbox
