// Just enough JSON Schema (draft-07 subset: type, enum, properties, additionalProperties,
// required, items, minItems, minProperties, propertyNames, minimum, maximum, pattern, anyOf,
// $ref) to check
// the bundled schema against the loader, with YAML read as a YAML language server reads it.
#pragma once

#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>

namespace netgrade::testing_schema {

using nlohmann::json;

// YAML -> JSON with YAML 1.2 core scalar types (quoted scalars stay strings), and merge
// keys (`<<: *base`) merged, as the `yaml` package of yaml-language-server reads them.
inline json ToJson(const YAML::Node& n) {
  if (n.IsMap()) {
    json o = json::object();
    for (const auto& kv : n)
      if (kv.first.Scalar() != "<<") o[kv.first.Scalar()] = ToJson(kv.second);
    if (const YAML::Node merge = n["<<"]) {
      for (const YAML::Node& source :
           merge.IsSequence() ? merge : YAML::Node(std::vector<YAML::Node>{merge})) {
        json extra = ToJson(source);
        if (!extra.is_object()) return json("<< of a non-map");
        for (auto it = extra.begin(); it != extra.end(); ++it)
          if (!o.contains(it.key())) o[it.key()] = it.value();
      }
    }
    return o;
  }
  if (n.IsSequence()) {
    json a = json::array();
    for (const auto& item : n) a.push_back(ToJson(item));
    return a;
  }
  if (n.IsNull() || !n.IsDefined()) return nullptr;
  const std::string& s = n.Scalar();
  if (n.Tag() == "!") return s;  // quoted
  static const std::regex kInt(R"([-+]?[0-9]+)"), kHex(R"(0x[0-9a-fA-F]+)"), kOctal(R"(0o[0-7]+)"),
      kFloat(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  if (std::regex_match(s, kInt) && s.size() < 18) return std::stoll(s);
  if (std::regex_match(s, kHex) && s.size() < 16) return std::stoll(s.substr(2), nullptr, 16);
  if (std::regex_match(s, kOctal) && s.size() < 20) return std::stoll(s.substr(2), nullptr, 8);
  if (std::regex_match(s, kFloat)) return std::stod(s);
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  if (s.empty() || s == "null" || s == "Null" || s == "NULL" || s == "~") return nullptr;
  return s;
}

class Validator {
 public:
  explicit Validator(json root) : root_(std::move(root)) {}
  bool Valid(const json& v) const { return Check(root_, v); }

 private:
  const json& Resolve(const json& s) const {
    if (!s.contains("$ref")) return s;
    std::string ref = s["$ref"];  // "#/definitions/name"
    return root_["definitions"][ref.substr(ref.rfind('/') + 1)];
  }
  static bool TypeOk(const std::string& t, const json& v) {
    if (t == "object") return v.is_object();
    if (t == "array") return v.is_array();
    if (t == "string") return v.is_string();
    if (t == "integer") return v.is_number_integer();
    if (t == "number") return v.is_number();
    if (t == "boolean") return v.is_boolean();
    return false;
  }
  bool Check(const json& schema, const json& v) const {
    const json& s = Resolve(schema);
    if (s.contains("type") && !TypeOk(s["type"], v)) return false;
    if (s.contains("enum")) {
      bool found = false;
      for (const json& e : s["enum"]) found = found || e == v;
      if (!found) return false;
    }
    if (s.contains("anyOf")) {
      bool any = false;
      for (const json& alt : s["anyOf"]) any = any || Check(alt, v);
      if (!any) return false;
    }
    if (v.is_number()) {
      if (s.contains("minimum") && v.get<double>() < s["minimum"].get<double>()) return false;
      if (s.contains("maximum") && v.get<double>() > s["maximum"].get<double>()) return false;
    }
    if (v.is_string() && s.contains("pattern") &&
        !std::regex_search(v.get<std::string>(), std::regex(s["pattern"].get<std::string>())))
      return false;
    if (v.is_array()) {
      if (s.contains("minItems") && v.size() < s["minItems"].get<size_t>()) return false;
      if (s.contains("items"))
        for (const json& item : v)
          if (!Check(s["items"], item)) return false;
    }
    if (v.is_object()) {
      if (s.contains("minProperties") && v.size() < s["minProperties"].get<size_t>()) return false;
      if (s.contains("required"))
        for (const json& r : s["required"])
          if (!v.contains(r.get<std::string>())) return false;
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (s.contains("propertyNames") && !Check(s["propertyNames"], json(it.key()))) return false;
        if (s.contains("properties") && s["properties"].contains(it.key())) {
          if (!Check(s["properties"][it.key()], it.value())) return false;
        } else if (s.contains("additionalProperties")) {
          const json& extra = s["additionalProperties"];
          if (extra.is_boolean() ? !extra.get<bool>() : !Check(extra, it.value())) return false;
        }
      }
    }
    return true;
  }
  json root_;
};

}  // namespace netgrade::testing_schema
