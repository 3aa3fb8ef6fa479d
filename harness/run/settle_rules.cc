#include "harness/run/settle_rules.h"

namespace netgrade::run {

bool QuietFor::Look(TimePoint now, size_t mark, const std::function<bool()>& quiet) {
  if (mark != mark_) {
    mark_ = mark;
    since_.reset();
    return false;
  }
  if (!quiet()) {
    since_.reset();
    return false;
  }
  if (!since_) since_ = now;
  return now - *since_ >= hold_;
}

RestRule::Says RestRule::Look(TimePoint now, TimePoint deadline, const RestSight& sight) {
  // When each thread's call began, at the earliest: the last look that saw it elsewhere.
  std::map<pid_t, Seen> seen;
  std::string fields;
  for (const observe::ThreadWait& t : sight.threads) {
    auto it = threads_.find(t.tid);
    bool same = it != threads_.end() && !t.fields.empty() && it->second.fields == t.fields;
    seen[t.tid] = Seen{t.fields, same ? it->second.began_after : last_look_};
    fields += std::to_string(t.tid) + ":" + t.fields + ";";
  }
  threads_ = std::move(seen);
  last_look_ = now;
  bool rest = !sight.threads.empty() && !sight.in_flight;
  for (const observe::ThreadWait& t : sight.threads) {
    if (!rest) break;
    if (t.call.empty() || t.unseen || t.timer_unknown) rest = false;
    if (t.timer_at && *t.timer_at < deadline) rest = false;
    if (t.timer_length && threads_[t.tid].began_after + *t.timer_length < deadline) rest = false;
  }
  if (!rest) {
    candidate_.reset();
    return Says::kNo;
  }
  if (!candidate_ || sight.mark != candidate_mark_ || fields != candidate_fields_) {
    candidate_ = now;
    candidate_mark_ = sight.mark;
    candidate_fields_ = fields;
    call_ = sight.threads.front().call;
    return Says::kConfirm;
  }
  return now - *candidate_ >= confirm_after_ ? Says::kAtRest : Says::kConfirm;
}

bool CpuSpentSince::Look(int64_t cpu_ns, size_t mark) {
  if (mark != mark_ || !start_ns_) {
    mark_ = mark;
    start_ns_ = cpu_ns;
  }
  return cpu_ns - *start_ns_ >= budget_ns_;
}

bool NothingLeftButExit(const AfterInput& a) {
  return a.stdin_closed && !a.actions_pending && !a.input_pending && a.passes_if_it_exited;
}

}  // namespace netgrade::run
