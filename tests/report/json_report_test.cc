#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness/report/report.h"

namespace netgrade::report {
namespace {

TEST(JsonReport, GivesTheTranscriptAsDataWithItsFaultPlan) {
  check::GradeResult r;
  r.exercise = "udp-capitalize";
  check::CaseResult c;
  c.name = "client-answer-dropped";
  c.verdict = check::Verdict::kFail;
  c.code = check::Code::kNoUdpTimeout;
  c.fault_plan = "fault plan (seed 3): to the student: drops #1";
  c.transcript = {c.fault_plan, "   1.0 ms  from student  #1  10 B  'first line'  passed"};
  c.events = {{1.0, "from_student", 1, 10, "first line", "passed", "passed"},
              {1.5, "to_student", 1, 10, "FIRST LINE", "dropped", "dropped (plan: #1)"}};
  r.cases = {c};
  nlohmann::json doc = nlohmann::json::parse(Json(r));
  const nlohmann::json& js = doc["cases"][0];
  EXPECT_EQ(js["fault_plan"], c.fault_plan);
  ASSERT_EQ(js["transcript"].size(), 2u);
  EXPECT_EQ(js["transcript"][1]["direction"], "to_student");
  EXPECT_EQ(js["transcript"][1]["index"], 1);
  EXPECT_EQ(js["transcript"][1]["size"], 10);
  EXPECT_EQ(js["transcript"][1]["text"], "FIRST LINE");
  EXPECT_EQ(js["transcript"][1]["action"], "dropped");
  EXPECT_EQ(js["transcript"][1]["words"], "dropped (plan: #1)");
  EXPECT_DOUBLE_EQ(js["transcript"][0]["t_ms"].get<double>(), 1.0);
}

TEST(JsonReport, GivesAPassingCasesNote) {
  check::GradeResult r;
  check::CaseResult c;
  c.name = "client-one-line";
  c.notes = {"client.py looked up the name 'DESKTOP-7QK2' (written in the program?)"};
  r.cases = {c};
  nlohmann::json doc = nlohmann::json::parse(Json(r));
  ASSERT_EQ(doc["cases"][0]["notes"].size(), 1u);
  EXPECT_EQ(doc["cases"][0]["notes"][0], c.notes[0]);
  EXPECT_EQ(doc["cases"][0]["passed"], true);
}

TEST(JsonReport, StatesTheContainmentTheCasesRanUnder) {
  check::GradeResult r;
  r.sandbox.cgroups = "v2";
  r.sandbox.process_cap = true;
  r.sandbox.process_cap_by = "RLIMIT_NPROC and a watcher";
  r.sandbox.memory_cap_by = "a watcher and RLIMIT_DATA per process";
  r.sandbox.network_namespace = false;
  r.sandbox.user = "uid 65534";
  r.sandbox.sockets_found_by = "owner";
  r.sandbox.weaker = {"no network namespaces (EPERM): the cases share this machine's network"};
  nlohmann::json box = nlohmann::json::parse(Json(r))["sandbox"];
  EXPECT_EQ(box["cgroups"], "v2");
  EXPECT_EQ(box["process_cap"], true);
  EXPECT_EQ(box["memory_cap"], false);
  EXPECT_EQ(box["process_cap_by"], "RLIMIT_NPROC and a watcher");
  EXPECT_EQ(box["memory_cap_by"], "a watcher and RLIMIT_DATA per process");
  EXPECT_EQ(box["network_namespace"], false);
  EXPECT_EQ(box["user"], "uid 65534");
  EXPECT_EQ(box["sockets_found_by"], "owner");
  ASSERT_EQ(box["weaker"].size(), 1u);
  EXPECT_EQ(box["weaker"][0], r.sandbox.weaker[0]);
}

TEST(JsonReport, GivesTheFirstDifferingMessageWithNullForOneThatNeverCame) {
  check::GradeResult r;
  check::CaseResult wrong, missing, passed;
  wrong.verdict = missing.verdict = check::Verdict::kFail;
  wrong.difference = check::Difference{"hello", "HELLO", "hello"};
  missing.difference = check::Difference{std::nullopt, "HELLO", std::nullopt};
  r.cases = {wrong, missing, passed};
  nlohmann::json doc = nlohmann::json::parse(Json(r));
  EXPECT_EQ(doc["cases"][0]["difference"]["sent"], "hello");
  EXPECT_EQ(doc["cases"][0]["difference"]["expected"], "HELLO");
  EXPECT_EQ(doc["cases"][0]["difference"]["received"], "hello");
  EXPECT_TRUE(doc["cases"][1]["difference"]["received"].is_null());
  EXPECT_TRUE(doc["cases"][1]["difference"]["sent"].is_null());
  EXPECT_FALSE(doc["cases"][2].contains("difference"));
}

}  // namespace
}  // namespace netgrade::report

namespace netgrade::report {
namespace {

// Bytes are hex in JSON, which has no way to hold any byte as text (a replaced byte would
// read wrongly), with the first differing offset and the text report's hex dump lines.
TEST(JsonReport, GivesBytesAsHexWithTheFirstDifferingOffset) {
  check::GradeResult r;
  check::CaseResult wrong;
  wrong.verdict = check::Verdict::kFail;
  check::Difference d{std::string("\0\x05", 2), std::string("\0\xff\x01", 3),
                      std::string("\0\xfe\x01", 3)};
  d.binary = true;
  d.sent_binary = true;
  wrong.difference = d;
  r.cases = {wrong};
  nlohmann::json doc = nlohmann::json::parse(Json(r));
  const nlohmann::json& j = doc["cases"][0]["difference"];
  EXPECT_EQ(j["encoding"], "hex");
  EXPECT_EQ(j["sent"], "00 05");
  EXPECT_EQ(j["sent_encoding"], "hex");
  EXPECT_EQ(j["expected"], "00 ff 01");
  EXPECT_EQ(j["received"], "00 fe 01");
  EXPECT_EQ(j["first_difference"], 1);
  ASSERT_TRUE(j["hex_dump"].is_array());
  EXPECT_EQ(j["hex_dump"][j["hex_dump"].size() - 2],
            "  00000000  00 fe 01                                          |...|");
}

TEST(JsonReport, NamesACasesCaptureOrWhyThereIsNone) {
  check::GradeResult r;
  check::CaseResult with, without, never;
  with.name = "a";
  with.capture = check::Capture{"/tmp/p/a.pcapng", 12, 3, 2, ""};
  without.name = "b";
  without.capture = check::Capture{"", 0, 0, 0, "the case ran on this machine's own network"};
  never.name = "c";  // did not run, or no --pcap
  r.cases = {with, without, never};
  nlohmann::json doc = nlohmann::json::parse(Json(r));
  EXPECT_EQ(
      doc["cases"][0]["capture"],
      nlohmann::json(
          {{"file", "/tmp/p/a.pcapng"}, {"packets", 12}, {"left_out", 3}, {"fault_comments", 2}}));
  EXPECT_EQ(doc["cases"][1]["capture"],
            nlohmann::json({{"missing", "the case ran on this machine's own network"}}));
  EXPECT_FALSE(doc["cases"][2].contains("capture"));
}

// Beside the message, its parts as netgrade made them, each without the spaces and line breaks
// that join them; and the mistake behind it by name.
TEST(JsonReport, GivesTheExplanationInItsParts) {
  check::GradeResult r;
  check::CaseResult c;
  c.name = "server-one-line";
  c.verdict = check::Verdict::kFail;
  c.code = check::Code::kEcho;
  c.cause = "Your server answered 'hello' unchanged.";
  c.shape = "Your server answered {} unchanged.";
  c.evidence = "\n  What came: 'hello'";
  c.fix = "Call upper().";
  c.finding_notes = {"(After 5.0 s the case ended.)"};
  c.mistake = "one_recv";
  c.message = check::RenderedMessage(c);
  check::CaseResult pass;
  pass.name = "server-two-lines";
  r.cases = {c, pass};
  nlohmann::json doc = nlohmann::json::parse(Json(r));
  const nlohmann::json& js = doc["cases"][0];
  EXPECT_EQ(js["message"],
            "Your server answered 'hello' unchanged.\n  What came: 'hello' Call upper(). (After "
            "5.0 s the case ended.)");
  EXPECT_EQ(js["diagnosis"], "echo");
  EXPECT_EQ(js["explanation"]["code"], "echo");
  EXPECT_EQ(js["explanation"]["cause"], "Your server answered 'hello' unchanged.");
  // The cause's shape, as its maker gave it: the class page's row, without the values.
  EXPECT_EQ(js["explanation"]["shape"], "Your server answered {} unchanged.");
  EXPECT_EQ(js["explanation"]["evidence"], "What came: 'hello'");
  EXPECT_EQ(js["explanation"]["fix"], "Call upper().");
  EXPECT_EQ(js["explanation"]["notes"], nlohmann::json::array({"(After 5.0 s the case ended.)"}));
  EXPECT_EQ(js["mistake"], "one_recv");
  EXPECT_FALSE(js.contains("cause")) << "the mistake's key is 'mistake'";
  const nlohmann::json& passed = doc["cases"][1];
  EXPECT_EQ(passed["explanation"]["cause"], "");
  EXPECT_EQ(passed["explanation"]["shape"], "");
  EXPECT_EQ(passed["explanation"]["code"], "");
  EXPECT_FALSE(passed.contains("mistake"));
  EXPECT_FALSE(js.contains("script_step")) << "a case without a script";
}

// Where a case's script stopped, with the step's line in the spec: for whoever reads the spec,
// in the JSON only (the message a student reads never names the spec's lines).
TEST(JsonReport, GivesTheScriptStepAndItsLineInTheSpec) {
  check::GradeResult r;
  check::CaseResult c;
  c.name = "fetch-page";
  c.verdict = check::Verdict::kFail;
  c.code = check::Code::kKeptOpen;
  c.script_step = 10;
  c.script_line = 72;
  r.cases = {c};
  nlohmann::json doc = nlohmann::json::parse(Json(r));
  EXPECT_EQ(doc["cases"][0]["script_step"], (nlohmann::json{{"step", 10}, {"line", 72}}));
}

}  // namespace
}  // namespace netgrade::report
