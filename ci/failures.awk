# What each failed ctest test printed, from its first gtest "Failure" on: 14 lines at most
# (each cut to 300 characters, gtest's "Value of" lines left out), for 3 tests at most: the
# end of ci/test's output, which a platform that shows only a log's tail keeps. Input: ctest
# --output-on-failure logs.
function flush() {
  if (name != "" && shown < 3 && n > 0) {
    print "ci/test: " name " failed:"
    for (i = 1; i <= n; ++i) print "  " substr(lines[i], 1, 300)
    ++shown
  }
  name = ""; n = 0; taking = 0
}
/^ *[0-9]+\/[0-9]+ Test +#[0-9]+: / || /^ *Start +[0-9]+: / {
  flush()
  if ($0 ~ /\*\*\*(Failed|Timeout|Exception)|\(Failed\)|Subprocess aborted|Child aborted/) {
    name = $0
    sub(/^ *[0-9]+\/[0-9]+ Test +#[0-9]+: /, "", name)
    sub(/ +#? *GetParam.*$/, "", name)
    sub(/ *\.\.\.+.*$/, "", name)
  }
  next
}
name != "" && !taking && /: Failure$|Timeout|Segmentation|Aborted|terminate called/ { taking = 1 }
name != "" && taking && /^(Value of: |  Actual: (true|false)$|Expected: (true|false)$)/ { next }
name != "" && taking && n < 14 && !/^\[  FAILED  \]/ { lines[++n] = $0 }
name != "" && taking && /^\[  FAILED  \]/ { taking = 0 }
END {
  flush()
  if (shown) print "ci/test: (each failed test's whole output is above, after its line in ctest's log)"
}
