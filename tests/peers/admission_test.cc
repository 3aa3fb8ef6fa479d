#include "harness/peers/admission.h"

#include <gtest/gtest.h>

namespace netgrade::peers {
namespace {

TEST(Admission, AdmitsEveryoneUntilToldToTakeOnlyTheProxys) {
  Admission a;
  EXPECT_TRUE(a.Admits(Address::Parse("127.0.0.1", 40000)));
  a.OnlyFrom([](const Address& source) { return source.port() == 50000; });
  EXPECT_TRUE(a.Admits(Address::Parse("127.0.0.1", 50000)));
  EXPECT_FALSE(a.Admits(Address::Parse("127.0.0.1", 40000)));
  EXPECT_FALSE(a.Admits(Address::Parse("127.0.0.1", 40001)));
  EXPECT_EQ(a.refused(), 2u);
  EXPECT_EQ(a.first_refused(), "127.0.0.1:40000");
}

}  // namespace
}  // namespace netgrade::peers
