// The UDP proxy's receive width: one datagram at a time in a conversation, batches in a flood.
#include "harness/proxy/receive_width.h"

#include <gtest/gtest.h>

namespace netgrade::proxy {
namespace {

TEST(ReceiveWidth, OneAtATimeWithABatchEveryProbe) {
  ReceiveWidth w(32, 4, 2);
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(w.Ask(), 1);
      w.Got(1, 1);
      EXPECT_FALSE(w.More(1, 1)) << "one at a time: poll() says when the next is there";
    }
    EXPECT_EQ(w.Ask(), 32);  // the probe
    w.Got(32, 1);            // no queue behind it
  }
}

TEST(ReceiveWidth, BatchesUntilSeveralBatchesInARowFindNoQueue) {
  ReceiveWidth w(32, 4, 2);
  for (int i = 0; i < 3; ++i) w.Got(w.Ask(), 1);
  EXPECT_EQ(w.Ask(), 32);
  w.Got(32, 5);  // a queue
  EXPECT_EQ(w.Ask(), 32);
  w.Got(32, 32);
  EXPECT_TRUE(w.More(32, 32)) << "a full batch: more may be waiting";
  EXPECT_EQ(w.Ask(), 32);
  w.Got(32, 2);
  EXPECT_FALSE(w.More(32, 2));
  EXPECT_EQ(w.Ask(), 32);
  w.Got(32, 1);  // no queue once: a lull in a flood, still batches
  EXPECT_EQ(w.Ask(), 32);
  w.Got(32, 3);
  EXPECT_EQ(w.Ask(), 32);
  w.Got(32, 1);
  EXPECT_EQ(w.Ask(), 32);
  w.Got(32, 0);  // twice in a row: the flood is over, back to one at a time
  EXPECT_EQ(w.Ask(), 1);
}

}  // namespace
}  // namespace netgrade::proxy
