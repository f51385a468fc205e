// Differential-test inputs for three OpenClaw config functions.
//
// Every value in here must be plain JSON (no undefined, no functions, no
// prototype tricks): generate.mjs checks that each case survives a JSON
// round trip before it is handed to the real package.
//
// resolve: { name, config, env, lenient? }
//   lenient: true  -> the function is called with an `onMissing` callback
//                     (the "collect warnings instead of throwing" mode)
// redact:  { name, config }
// restore: { name, original, edited }      edited = what a client sent back
//          { name, original, roundtrip: true }
//                     -> generate.mjs sets edited = redactConfigObject(original)
//          optional `mutate_after_redact`: list of [pathArray, value] applied to
//                     the redacted copy (to simulate a user edit after redaction)
//
// Values below are synthetic; none of them is a real credential.

export const S = "__OPENCLAW_REDACTED__";

const ENV = {
  FOO: "foo-value",
  BAR: "bar-value",
  API_KEY: "key-123",
  EMPTY: "",
  SPACE: " ",
  _: "underscore",
  __: "double-underscore",
  A1: "a-one",
  _LEADING: "leading-underscore",
  HAS_DOLLAR: "$HOME and ${FOO}",
  HAS_ESCAPE: "$${FOO}",
  UNICODE: "Grüße 🌍",
  MULTILINE: "line1\nline2",
  NUMERIC: "42",
  lower: "lower-value",
  Mixed: "mixed-value",
  PORT: "8080",
  HOST: "example.internal",
  X: "x",
  Y: "y",
};

function r(name, config, env = ENV, extra = {}) {
  return { name, config, env, ...extra };
}

// ---------------------------------------------------------------------------
// resolve
// ---------------------------------------------------------------------------
export const resolve = [
  // whole-string references
  r("whole_ref_simple", { a: "${FOO}" }),
  r("whole_ref_nested_object", { models: { providers: { demo: { apiKey: "${API_KEY}" } } } }),
  r("whole_ref_underscore_only", { a: "${_}" }),
  r("whole_ref_double_underscore", { a: "${__}" }),
  r("whole_ref_leading_underscore", { a: "${_LEADING}" }),
  r("whole_ref_with_digit", { a: "${A1}" }),
  r("whole_ref_numeric_value_stays_string", { port: "${NUMERIC}" }),
  r("whole_ref_unicode_value", { a: "${UNICODE}" }),
  r("whole_ref_multiline_value", { a: "${MULTILINE}" }),
  r("whole_ref_space_value_is_not_missing", { a: "${SPACE}" }),
  r("whole_ref_surrounded_by_whitespace", { a: "  ${FOO}  " }),
  // inline references
  r("inline_prefix", { a: "prefix-${FOO}" }),
  r("inline_suffix", { a: "${FOO}-suffix" }),
  r("inline_middle", { url: "https://${HOST}:${PORT}/v1" }),
  r("inline_two_refs_adjacent", { a: "${FOO}${BAR}" }),
  r("inline_same_ref_twice", { a: "${FOO}/${FOO}" }),
  r("inline_three_refs", { a: "${X}-${Y}-${X}" }),
  r("inline_unicode_around_ref", { a: "ü${X}é🌍${Y}ß" }),
  r("inline_ref_in_multiline_string", { a: "first ${X}\nsecond ${Y}" }),
  r("inline_brace_after_ref", { a: "${X}}" }),
  r("inline_brace_before_ref", { a: "{${X}" }),
  // values that are not re-expanded
  r("env_value_containing_ref_not_reexpanded", { a: "${HAS_DOLLAR}" }),
  r("env_value_containing_escape_not_unescaped", { a: "${HAS_ESCAPE}" }),
  // escapes
  r("escape_whole", { a: "$${FOO}" }),
  r("escape_inline", { a: "literal $${FOO} here" }),
  r("escape_missing_var_ok", { a: "$${NOT_SET_ANYWHERE}" }),
  r("escape_then_ref", { a: "$${FOO}${BAR}" }),
  r("ref_then_escape", { a: "${FOO}$${BAR}" }),
  r("triple_dollar", { a: "$$${FOO}" }),
  r("quadruple_dollar", { a: "$$$${FOO}" }),
  r("quintuple_dollar", { a: "$$$$${FOO}" }),
  r("escape_lowercase_not_unescaped", { a: "$${lower}" }),
  r("escape_digit_start_not_unescaped", { a: "$${1ABC}" }),
  r("escape_empty_braces", { a: "$${}" }),
  r("escape_unterminated", { a: "$${FOO" }),
  r("escape_with_inner_ref", { a: "$${A ${FOO}}" }),
  r("escape_only_in_env_like_text", { cmd: "echo $${HOME} > out" }),
  // things that are not references
  r("lowercase_name_literal", { a: "${lower}" }),
  r("mixed_case_name_literal", { a: "${Mixed}" }),
  r("dollar_name_without_braces_literal", { a: "$FOO" }),
  r("dollar_name_without_braces_inline_literal", { a: "x $FOO y" }),
  r("unterminated_literal", { a: "${FOO" }),
  r("unterminated_then_valid_ref", { a: "${FOO ${BAR}" }),
  r("empty_braces_literal", { a: "${}" }),
  r("digit_start_literal", { a: "${1ABC}" }),
  r("space_inside_braces_literal", { a: "${ FOO }" }),
  r("hyphen_in_name_literal", { a: "${FOO-BAR}" }),
  r("dot_in_name_literal", { a: "${FOO.BAR}" }),
  r("non_ascii_name_literal", { a: "${FÖO}" }),
  r("double_braces_literal", { a: "${{FOO}}" }),
  r("lone_dollar", { a: "$" }),
  r("trailing_dollar", { a: "cost: 5$" }),
  r("dollar_brace_at_end", { a: "abc${" }),
  r("only_dollars", { a: "$$$" }),
  r("dollar_then_brace_close", { a: "$}" }),
  r("percent_style_literal", { a: "%FOO%" }),
  // ${VAR:-fallback} and friends (bash syntax)
  r("fallback_syntax_set_var", { a: "${FOO:-fallback}" }),
  r("fallback_syntax_unset_var", { a: "${UNSET_VAR:-fallback}" }),
  r("fallback_syntax_empty_fallback", { a: "${UNSET_VAR:-}" }),
  r("fallback_dash_only", { a: "${UNSET_VAR-fallback}" }),
  r("fallback_colon_equals", { a: "${UNSET_VAR:=x}" }),
  r("fallback_question", { a: "${UNSET_VAR:?err}" }),
  r("fallback_plus", { a: "${FOO:+alt}" }),
  r("fallback_inline_with_other_ref", { a: "${UNSET_VAR:-x}-${FOO}" }),
  // keys are never substituted
  r("key_with_ref_not_substituted", { "${FOO}": "value" }),
  r("key_with_ref_value_substituted", { "${FOO}": "${BAR}" }),
  r("key_with_escape_kept", { "$${FOO}": "x" }),
  // non-string values
  r("non_string_values_untouched", { n: 1, f: 1.5, neg: -3, t: true, fl: false, z: null, big: 12345678901234 }),
  r("root_string_ref", "${FOO}"),
  r("root_string_plain", "plain"),
  r("root_number", 42),
  r("root_null", null),
  r("root_bool", true),
  r("root_array", ["${FOO}", 1, null, ["${BAR}"]]),
  r("empty_object", {}),
  r("empty_array_value", { a: [] }),
  r("string_without_dollar", { a: "no refs here" }),
  r("empty_string", { a: "" }),
  // nesting
  r("nested_arrays_and_objects", { a: [{ b: ["${X}", { c: "${Y}" }] }, [["${FOO}"]]] }),
  r("deep_nesting", { a: { b: { c: { d: { e: { f: "${FOO}" } } } } } }),
  r("array_of_refs", { list: ["${X}", "${Y}", "lit", "${FOO}-${BAR}"] }),
  r("key_order_preserved", { z: "${X}", a: "${Y}", m: 1, b: { y: "${X}", c: 2 } }),
  r("unicode_keys_and_values", { "ключ": "значение ${X}", "日本": ["${Y}"] }),
  // missing / empty -> errors (strict)
  r("missing_root_key", { a: "${MISSING_ONE}" }),
  r("missing_nested", { a: { b: { c: "${MISSING_ONE}" } } }),
  r("missing_in_array", { a: ["ok", "${MISSING_ONE}"] }),
  r("missing_array_path_object", { a: { b: [{ c: "x" }, { c: "${MISSING_ONE}" }] } }),
  r("missing_nested_array_index", { a: [[0, ["${MISSING_ONE}"]]] }),
  r("missing_inline", { a: "prefix ${MISSING_ONE} suffix" }),
  r("missing_empty_env_value", { a: "${EMPTY}" }),
  r("missing_empty_env_value_inline", { a: "x${EMPTY}y" }),
  r("missing_second_ref_in_string", { a: "${FOO}${MISSING_TWO}" }),
  r("missing_first_of_two_refs_in_string", { a: "${MISSING_ONE}${MISSING_TWO}" }),
  r("missing_first_in_document_order", { a: { x: "${MISSING_ONE}" }, b: "${MISSING_TWO}" }),
  r("missing_document_order_array_before_later_key", { list: ["${MISSING_ONE}"], z: "${MISSING_TWO}" }),
  r("missing_after_escape", { a: "$${FOO}${MISSING_ONE}" }),
  r("missing_root_string", "${MISSING_ONE}"),
  r("missing_root_array", ["ok", "${MISSING_ONE}"]),
  r("missing_root_nested_array", [["${MISSING_ONE}"]]),
  r("missing_key_with_space", { "a b": { c: "${MISSING_ONE}" } }),
  r("missing_key_with_dot", { "a.b": "${MISSING_ONE}" }),
  r("missing_key_with_dash_and_colon", { "foo-bar:baz": "${MISSING_ONE}" }),
  r("missing_key_starting_with_dollar", { $schema: { x: "${MISSING_ONE}" } }),
  r("missing_key_starting_with_digit", { "1abc": "${MISSING_ONE}" }),
  r("missing_key_numeric", { "0": "${MISSING_ONE}" }),
  r("missing_key_empty", { "": "${MISSING_ONE}" }),
  r("missing_key_unicode", { "ключ": "${MISSING_ONE}" }),
  r("missing_key_with_quote", { 'say"hi': "${MISSING_ONE}" }),
  r("missing_key_with_bracket", { "a[0]": "${MISSING_ONE}" }),
  r("missing_key_with_ref_syntax", { "${FOO}": "${MISSING_ONE}" }),
  r("missing_key_underscore", { _private: "${MISSING_ONE}" }),
  r("missing_key_special_then_nested", { "x y": [{ "z.w": { ok: "${MISSING_ONE}" } }] }),
  r("missing_realistic_path", {
    channels: { telegram: { accounts: [{ id: "main", botToken: "${TELEGRAM_BOT_TOKEN_MISSING}" }] } },
  }),
  r("missing_with_empty_env", { a: "${FOO}" }, {}),
  r("lowercase_env_key_does_not_satisfy_upper_ref", { a: "${LOWER}" }),
  r("case_sensitive_lookup", { a: "${lower}", b: "${MIXED}" }),
  // lenient mode (onMissing callback): missing references are kept verbatim
  r("lenient_missing_kept", { a: "${MISSING_ONE}" }, ENV, { lenient: true }),
  r("lenient_empty_kept", { a: "${EMPTY}" }, ENV, { lenient: true }),
  r("lenient_inline_mixed", { a: "${FOO}-${MISSING_ONE}-${BAR}" }, ENV, { lenient: true }),
  r("lenient_multiple_paths", { a: ["${MISSING_ONE}"], b: { c: "${MISSING_TWO}", d: "${MISSING_ONE}" } }, ENV, { lenient: true }),
  r("lenient_escape_still_unescaped", { a: "$${FOO}", b: "$${MISSING_ONE}", c: "${MISSING_ONE}" }, ENV, { lenient: true }),
  r("lenient_no_missing", { a: "${FOO}" }, ENV, { lenient: true }),
  r("lenient_root_string", "${MISSING_ONE}", ENV, { lenient: true }),
  r("lenient_whole_ref_secret_pending", { apiKey: "${MISSING_ONE}", other: "x${MISSING_TWO}" }, ENV, { lenient: true }),
  r("lenient_shorthand_pending_ref", { apiKey: "$FOO", b: "$MISSING_ONE" }, ENV, { lenient: true }),
  r("lenient_resolved_whole_ref_recorded", { apiKey: "${FOO}", inline: "a${BAR}" }, ENV, { lenient: true }),
  r("lenient_whitespace_whole_ref", { apiKey: " ${FOO} ", b: " ${MISSING_ONE} " }, ENV, { lenient: true }),
  r("lenient_underscore_start_not_secret_ref", { apiKey: "${_LEADING}", b: "${_MISSING}" }, ENV, { lenient: true }),
  r("lenient_same_var_twice_in_string", { a: "${MISSING_ONE}${MISSING_ONE}" }, ENV, { lenient: true }),
  r("lenient_fallback_syntax_untouched", { a: "${MISSING_ONE:-x}" }, ENV, { lenient: true }),
  // realistic configs
  r("realistic_config", {
    gateway: { port: 18789, auth: { mode: "token", token: "${GW_TOKEN}" } },
    models: {
      providers: {
        openai: { baseUrl: "https://${HOST}/v1", apiKey: "${API_KEY}", models: [{ id: "m1", maxTokens: 4096 }] },
      },
    },
    channels: { telegram: { enabled: true, botToken: "$${NOT_A_REF}" } },
  }, { ...ENV, GW_TOKEN: "gw-token-value" }),
  r("realistic_env_block_not_applied", { env: { FOO: "from-config" }, a: "${FOO}" }),
  r("long_name", { a: "${THIS_IS_A_VERY_LONG_ENVIRONMENT_VARIABLE_NAME_WITH_MANY_PARTS_0123456789}" },
    { THIS_IS_A_VERY_LONG_ENVIRONMENT_VARIABLE_NAME_WITH_MANY_PARTS_0123456789: "long" }),
  r("value_with_backslashes", { a: "C:\\path\\${X}\\file" }),
  r("value_with_json_like_text", { a: "{\"k\": \"${X}\"}" }),
  r("env_value_empty_vs_space", { a: "${SPACE}", b: "[${SPACE}]" }),
];

// ---------------------------------------------------------------------------
// redact
// ---------------------------------------------------------------------------
function d(name, config) {
  return { name, config };
}

// Single key under a neutral parent ("demo"), value a plain string.
const KEY_NAMES = [
  // expected sensitive
  "token", "botToken", "appToken", "accessToken", "refreshToken", "idToken", "gatewayToken", "hookToken",
  "TOKEN", "Token", "myToken", "x-token", "bot_token", "tokenizerToken",
  "apiKey", "api_key", "apikey", "api-key", "API_KEY", "ApiKey", "apiKeys", "apiKeyFile", "apiXkey", "openaiApiKey",
  "password", "Password", "PASSWORD", "dbPassword", "password_hash", "passwordFilePath", "passwords",
  "secret", "Secret", "clientSecret", "client_secret", "signingSecret", "webhookSecret", "secretKey", "secretary", "secrets",
  "encryptKey", "encrypt_key", "encryptionKey", "privateKey", "private_key", "privateKeyPem", "private-key", "privatekey",
  "serviceAccount", "serviceAccountRef", "googleServiceAccount", "serviceAccountJson", "SERVICEACCOUNT",
  // expected not sensitive (or whitelisted)
  "maxTokens", "maxOutputTokens", "maxInputTokens", "maxCompletionTokens", "contextTokens", "totalTokens",
  "tokenCount", "tokenLimit", "tokenBudget", "passwordFile", "PasswordFile", "MAXTOKENS",
  "tokens", "tokenizer", "tokenFile", "tokenUrl", "token_type", "tokenType", "token ", " token",
  "keyboard", "monkey", "key", "keys", "apiBase", "auth", "authorization", "credentials", "bearer", "cookie",
  "session", "pin", "pat", "username", "user", "email", "model", "id", "url", "webhookUrl", "keyFile",
];

function keyCaseName(key) {
  return "key_" + key.replace(/[^A-Za-z0-9_]/g, (c) => (c === " " ? "SP" : c === "-" ? "DASH" : "X"));
}

export const redact = [
  ...KEY_NAMES.map((key) => d(keyCaseName(key), { demo: { [key]: "plain-value-1", other: "keep-me" } })),
  // top-level keys
  d("top_level_token", { token: "abc", name: "n" }),
  d("top_level_apiKey_and_maxTokens", { apiKey: "abc", maxTokens: "100" }),
  // parent path makes children sensitive (patterns are tested on the whole dotted path)
  d("parent_secrets_makes_children_sensitive", {
    secrets: { providers: { vault: { source: "exec", command: "/usr/bin/vault", args: ["read", "x"], timeoutMs: 5000 } } },
  }),
  d("parent_password_makes_children_sensitive", { passwordStore: { path: "/etc/store", name: "main" } }),
  d("parent_apikey_makes_children_sensitive", { apiKeys: { primary: "k1", label: "L" } }),
  d("parent_token_not_suffix_children_not_sensitive", { token: { value: "t1", kind: "bearer" } }),
  d("whitelist_applies_under_sensitive_parent", {
    secrets: { maxTokens: "1", contextTokens: "2", tokenLimit: "3", passwordFile: "/p", other: "4" },
  }),
  d("whitelist_suffix_matches_any_key_ending", { secrets: { notmaxtokens: "x", xpasswordfile: "y" } }),
  d("parent_private_key_dir", { privateKeys: { a: "pem-a" } }),
  d("parent_encrypt_key_dir", { encryptKeys: ["one", "two"] }),
  // localService.env
  d("localservice_env_all_strings", {
    plugins: { entries: { demo: { config: { localService: { env: { PORT: "8080", MODE: "dev", maxTokens: "5", N: 3, EMPTY: "" } } } } } },
  }),
  d("localservice_env_case_insensitive", { LocalService: { Env: { A: "x" } } }),
  d("localservice_env_not_prefix", { localServiceEnv: { A: "x" }, localService: { envs: { B: "y" }, env: "z" } }),
  d("localservice_env_nested_object", { localService: { env: { nested: { deep: "v" } } } }),
  // value shapes under sensitive keys
  d("value_number_under_token", { demo: { token: 12345, apiKey: 0, password: -1.5 } }),
  d("value_boolean_under_token", { demo: { token: true, secret: false } }),
  d("value_null_under_token", { demo: { token: null } }),
  d("value_empty_string_kept", { demo: { token: "", apiKey: "" } }),
  d("value_whitespace_string_kept", { demo: { token: "   ", apiKey: "\t\n" } }),
  d("value_padded_string_redacted", { demo: { token: "  abc  " } }),
  d("value_env_ref_kept", { demo: { token: "${TELEGRAM_TOKEN}", apiKey: "${OPENAI_API_KEY}" } }),
  d("value_env_ref_padded_kept", { demo: { token: "  ${TOKEN_VAR}  " } }),
  d("value_env_ref_lowercase_kept", { demo: { token: "${lower}" } }),
  d("value_env_ref_empty_braces_kept", { demo: { token: "${}" } }),
  d("value_env_ref_fallback_kept", { demo: { token: "${TOKEN:-default}" } }),
  d("value_env_ref_with_spaces_kept", { demo: { token: "${ anything goes here }" } }),
  d("value_env_ref_two_refs_redacted", { demo: { token: "${A}${B}" } }),
  d("value_env_ref_inline_redacted", { demo: { token: "Bearer ${TOKEN}" } }),
  d("value_escaped_ref_redacted", { demo: { token: "$${TOKEN}" } }),
  d("value_shorthand_ref_redacted", { demo: { token: "$TOKEN" } }),
  d("value_unterminated_ref_redacted", { demo: { token: "${TOKEN" } }),
  d("value_sentinel_already", { demo: { token: S } }),
  d("value_unicode_redacted", { demo: { password: "pässwörd🔑" } }),
  d("value_object_under_token_recursed", { demo: { token: { nested: "x", deeper: { token: "y" } } } }),
  d("value_object_under_apikey_recursed", { demo: { apiKey: { value: "x", n: 1, ok: true } } }),
  // arrays
  d("array_of_strings_under_sensitive_key", { demo: { apiKeys: ["k1", "k2", "", "${K3}", 4, null, true] } }),
  d("array_of_strings_under_token", { demo: { token: ["a", "b"] } }),
  d("array_of_strings_under_tokens_plural", { demo: { tokens: ["a", "b"] } }),
  d("array_nested_under_token", { demo: { token: [["a"], "b"] } }),
  d("array_nested_under_apikeys", { demo: { apiKeys: [["a"], [["b"]]] } }),
  d("array_of_objects_with_tokens", {
    channels: { telegram: { accounts: [{ id: "a", botToken: "t-a", name: "A" }, { id: "b", botToken: "t-b", maxTokens: "9" }] } },
  }),
  d("array_of_objects_under_sensitive_parent", { secrets: [{ name: "n", value: "v" }] }),
  d("array_of_arrays_of_objects", { demo: { groups: [[{ token: "x", label: "l" }]] } }),
  d("array_at_root", [{ token: "x" }, "plain", ["y"]]),
  d("array_empty_under_token", { demo: { token: [] } }),
  // SecretRef objects
  d("secretref_under_token_untouched", { demo: { token: { source: "env", provider: "default", id: "TG_TOKEN" } } }),
  d("secretref_under_apikey_all_fields_redacted", {
    models: { providers: { openai: { apiKey: { source: "env", provider: "default", id: "OPENAI_API_KEY" } } } },
  }),
  d("secretref_under_password_all_fields_redacted", { demo: { password: { source: "file", provider: "vault", id: "/db/pass" } } }),
  d("secretref_under_neutral_key_untouched", { demo: { ref: { source: "exec", provider: "op", id: "item/field" } } }),
  d("secretref_under_serviceaccount_whole_object", { demo: { serviceAccount: { source: "file", provider: "gcp", id: "/sa.json" } } }),
  // serviceAccount whole-object
  d("serviceaccount_object_whole", {
    demo: { serviceAccount: { type: "service_account", project_id: "p", private_key: "pem", client_email: "e@x" } },
  }),
  d("serviceaccountref_object_whole", { demo: { serviceAccountRef: { path: "/sa.json" } } }),
  d("serviceaccount_empty_object_whole", { demo: { serviceAccount: {} } }),
  d("serviceaccount_array_items", { demo: { serviceAccount: ["a", { b: "c" }] } }),
  d("serviceaccount_null", { demo: { serviceAccount: null } }),
  d("serviceaccount_number", { demo: { serviceAccount: 7 } }),
  d("serviceaccount_env_ref_string_kept", { demo: { serviceAccount: "${GCP_SA}" } }),
  d("serviceaccount_case_variant_object", { demo: { ServiceAccountREF: { a: "b" }, GOOGLE_SERVICEACCOUNT: { c: "d" } } }),
  d("serviceaccount_json_suffix_recursed", { demo: { serviceAccountJson: { private_key: "pem", client_email: "e" } } }),
  d("serviceaccount_top_level_object", { serviceAccount: { private_key: "pem" } }),
  // URLs with credentials (only certain URL paths are inspected)
  d("url_baseurl_userinfo", { models: { providers: { p: { baseUrl: "https://user:pass@api.example.com/v1" } } } }),
  d("url_baseurl_user_only", { models: { providers: { p: { baseUrl: "https://user@api.example.com/v1" } } } }),
  d("url_baseurl_plain_kept", { models: { providers: { p: { baseUrl: "https://api.example.com/v1" } } } }),
  d("url_baseurl_port_kept", { models: { providers: { p: { baseUrl: "http://localhost:11434" } } } }),
  d("url_baseurl_query_key", { models: { providers: { p: { baseUrl: "https://api.example.com/v1?key=abc" } } } }),
  d("url_baseurl_query_neutral_kept", { models: { providers: { p: { baseUrl: "https://api.example.com/v1?model=x&v=2" } } } }),
  d("url_baseurl_query_access_token", { models: { providers: { p: { baseUrl: "https://h.example/?access_token=1" } } } }),
  d("url_baseurl_query_suffixed_token", { models: { providers: { p: { baseUrl: "https://h.example/?foo_token=1" } } } }),
  d("url_baseurl_query_glued_token_kept", { models: { providers: { p: { baseUrl: "https://h.example/?mytoken=1" } } } }),
  d("url_baseurl_query_dash_case", { models: { providers: { p: { baseUrl: "https://h.example/?X-Api-Key=1" } } } }),
  d("url_baseurl_query_code", { models: { providers: { p: { baseUrl: "https://h.example/?code=1" } } } }),
  d("url_baseurl_fragment_token", { models: { providers: { p: { baseUrl: "https://h.example/#token=1" } } } }),
  d("url_baseurl_encoded_query", { models: { providers: { p: { baseUrl: "https://h.example/p%3Fkey%3D1" } } } }),
  d("url_baseurl_telegram_bot_path", { channels: { t: { baseUrl: "https://api.telegram.org/bot123456:abcdefghijklmnopqrstuv/x" } } }),
  d("url_baseurl_env_ref_kept", { models: { providers: { p: { baseUrl: "${BASE_URL}" } } } }),
  d("url_baseurl_inline_env_ref_kept", { models: { providers: { p: { baseUrl: "https://${HOST}/v1" } } } }),
  d("url_baseurl_not_a_url_kept", { models: { providers: { p: { baseUrl: "not a url" } } } }),
  d("url_baseurl_protocol_relative_userinfo", { models: { providers: { p: { baseUrl: "//user:pw@host/x" } } } }),
  d("url_baseurl_relative_with_token_query", { models: { providers: { p: { baseUrl: "host/path?token=1" } } } }),
  d("url_baseurl_redis_userinfo", { models: { providers: { p: { baseUrl: "redis://u:p@h:6379" } } } }),
  d("url_baseurl_number_kept", { models: { providers: { p: { baseUrl: 5 } } } }),
  d("url_baseurl_empty_kept", { models: { providers: { p: { baseUrl: "" } } } }),
  d("url_baseurl_root_level_not_inspected", { baseUrl: "https://user:pass@h.example/" }),
  d("url_baseURL_case_not_inspected", { demo: { baseURL: "https://user:pass@h.example/", BaseUrl: "https://user:pass@h.example/" } }),
  d("url_httpurl_userinfo", { demo: { httpUrl: "https://u:p@h.example/" } }),
  d("url_cdpurl_userinfo", { browser: { cdpUrl: "ws://u:p@127.0.0.1:9222/devtools" } }),
  d("url_cdpurl_plain_kept", { browser: { cdpUrl: "http://127.0.0.1:9222" } }),
  d("url_request_proxy_url", { demo: { request: { proxy: { url: "http://u:p@proxy.example:3128" } } } }),
  d("url_mcp_server_url", { mcp: { servers: { fs: { url: "https://u:p@mcp.example/sse" } } } }),
  d("url_nodehost_mcp_server_url", { nodeHost: { mcp: { servers: { fs: { url: "https://mcp.example/sse?token=1" } } } } }),
  d("url_nested_mcp_not_matched", { plugins: { mcp: { servers: { fs: { url: "https://u:p@mcp.example/sse" } } } } }),
  d("url_mcp_server_dotted_name_not_matched", { mcp: { servers: { "a.b": { url: "https://u:p@mcp.example/sse" } } } }),
  d("url_other_key_not_inspected", { demo: { url: "https://u:p@h.example/", webhookUrl: "https://h.example/?token=1", endpoint: "https://u:p@h/" } }),
  d("url_baseurl_in_array_items", { providers: [{ baseUrl: "https://u:p@h.example/" }, { baseUrl: "https://h.example/" }] }),
  d("url_sensitive_key_with_url_value", { demo: { apiKey: "https://u:p@h.example/" } }),
  // mixed / realistic
  d("realistic_full_config", {
    gateway: { port: 18789, bind: "loopback", auth: { mode: "token", token: "gw-secret-token", password: "" } },
    agents: {
      defaults: { model: { primary: "openai/gpt" }, contextTokens: 200000, maxTokens: 8192 },
      list: [{ id: "main", name: "Main", tools: { web: { search: { apiKey: "search-key" } } } }],
    },
    models: {
      providers: {
        openai: {
          baseUrl: "https://api.openai.example/v1",
          apiKey: "provider-key",
          models: [{ id: "gpt", contextWindow: 128000, maxTokens: 4096 }],
        },
        local: { baseUrl: "http://user:pw@localhost:8000/v1", apiKey: "${LOCAL_KEY}" },
      },
    },
    channels: {
      telegram: { enabled: true, botToken: "tg-token", allowFrom: ["123"], accounts: [{ id: "alt", botToken: "tg-alt" }] },
      slack: { appToken: "slack-app", botToken: "slack-bot", signingSecret: "slack-sign" },
      discord: { token: { source: "env", provider: "default", id: "DISCORD_TOKEN" } },
    },
    hooks: { token: "hook-token", mappings: [{ match: { path: "/x" } }] },
    talk: { apiKey: "talk-key" },
  }),
  d("key_order_preserved", { z: { token: "1" }, a: "plain", m: { apiKey: "2", b: 3 } }),
  d("root_string", "just a string"),
  d("root_number", 3),
  d("root_null", null),
  d("root_empty_object", {}),
  d("unicode_keys", { "ключ": { token: "x" }, "日本": "y" }),
  d("key_with_dots_and_brackets", { "a.token": "x", "b[0]": { secret: "y" } }),
];

// ---------------------------------------------------------------------------
// restore
// ---------------------------------------------------------------------------
function t(name, original, edited, extra = {}) {
  return { name, original, edited, ...extra };
}
function rt(name, original, extra = {}) {
  return { name, original, roundtrip: true, ...extra };
}

export const restore = [
  // same path
  t("same_path_token", { gateway: { auth: { token: "gw-1" } } }, { gateway: { auth: { token: S } } }),
  t("same_path_multiple", { a: { token: "t", apiKey: "k", password: "p" } }, { a: { token: S, apiKey: S, password: S } }),
  t("top_level_key", { token: "t", name: "n" }, { token: S, name: "n2" }),
  t("user_changed_value_kept", { a: { token: "old" } }, { a: { token: "new" } }),
  t("user_changed_other_keys_kept", { a: { token: "t", port: 1 } }, { a: { token: S, port: 2, added: true } }),
  t("key_removed_in_edited", { a: { token: "t", apiKey: "k" }, b: 1 }, { a: { token: S } }),
  t("key_order_from_edited", { a: { token: "t", x: 1 } }, { a: { x: 1, token: S } }),
  t("restores_non_string_original", { a: { token: 123 } }, { a: { token: S } }),
  t("restores_object_original", { a: { token: { v: 1 } } }, { a: { token: S } }),
  t("restores_null_original", { a: { token: null } }, { a: { token: S } }),
  t("restores_empty_string_original", { a: { token: "" } }, { a: { token: S } }),
  t("sentinel_with_whitespace_is_not_sentinel", { a: { token: "t" } }, { a: { token: " " + S } }),
  t("sentinel_substring_is_data", { a: { token: "t", note: "x" } }, { a: { token: S + "x", note: "see " + S } }),
  t("deeply_nested", { a: { b: { c: { d: { secret: "s" } } } } }, { a: { b: { c: { d: { secret: S } } } } }),
  t("parent_sensitive_child_restored", { secrets: { providers: { v: { command: "/bin/v" } } } }, { secrets: { providers: { v: { command: S } } } }),
  t("localservice_env_restored", { localService: { env: { PORT: "8080" } } }, { localService: { env: { PORT: S } } }),
  t("baseurl_restored", { models: { providers: { p: { baseUrl: "https://u:p@h/" } } } }, { models: { providers: { p: { baseUrl: S } } } }),
  t("mcp_url_restored", { mcp: { servers: { fs: { url: "https://u:p@h/" } } } }, { mcp: { servers: { fs: { url: S } } } }),
  t("serviceaccount_whole_object_restored", { demo: { serviceAccount: { private_key: "pem", email: "e" } } }, { demo: { serviceAccount: S } }),
  t("case_variant_key_restored", { a: { TOKEN: "T", Password: "P" } }, { a: { TOKEN: S, Password: S } }),
  // errors: sentinel with no original
  t("error_sentinel_new_sensitive_key", { a: { token: "t" } }, { a: { token: S, newToken: S } }),
  t("error_sentinel_missing_parent", { a: {} }, { b: { token: S } }),
  t("error_sentinel_original_parent_not_object", { a: "str" }, { a: { token: S } }),
  t("error_sentinel_original_parent_array", { a: [{ token: "t" }] }, { a: { token: S } }),
  t("error_sentinel_empty_original", {}, { token: S }),
  t("error_sentinel_non_sensitive_key", { a: {} }, { a: { name: S } }),
  t("error_sentinel_non_sensitive_key_even_if_original_has_it", { a: { name: "n" } }, { a: { name: S } }),
  t("error_sentinel_whitelisted_key", { a: { maxTokens: 5 } }, { a: { maxTokens: S } }),
  t("error_sentinel_root_array_item", { a: 1 }, [S]),
  t("error_sentinel_in_non_sensitive_array", { a: { list: ["x"] } }, { a: { list: ["y", S] } }),
  t("error_sentinel_nested_array_path", { a: [{ b: [{ c: "x" }] }] }, { a: [{ b: [{ c: S }] }] }),
  t("error_restore_pass_before_assert_pass", { a: {} }, { a: { name: S }, b: { token: S } }),
  t("error_first_restore_error_in_order", {}, { a: { token: S }, b: { apiKey: S } }),
  t("error_sentinel_key_with_special_chars", { "a b": {} }, { "a b": { "c.d": S } }),
  t("error_in_array_item_restore_path", { list: [{ id: "a", token: "t" }] }, { list: [{ id: "a", token: S }, { id: "b", token: S }] }),
  t("error_input_string", { a: 1 }, "not an object"),
  t("error_input_null", { a: 1 }, null),
  t("error_input_number", { a: 1 }, 5),
  t("error_input_bool", { a: 1 }, true),
  t("input_empty_object", { a: 1 }, {}),
  t("input_root_array", [{ token: "t" }], [{ token: S }]),
  // arrays of strings
  t("string_array_by_position", { a: { apiKeys: ["k1", "k2", "k3"] } }, { a: { apiKeys: [S, "changed", S] } }),
  t("string_array_reordered_positional", { a: { apiKeys: ["k1", "k2"] } }, { a: { apiKeys: [S, S, "k1"] } }),
  t("string_array_longer_than_original", { a: { apiKeys: ["k1"] } }, { a: { apiKeys: [S, S] } }),
  t("string_array_original_not_array", { a: { apiKeys: "k" } }, { a: { apiKeys: [S] } }),
  t("string_array_under_token", { a: { token: ["t1", "t2"] } }, { a: { token: ["new", S] } }),
  t("string_array_under_tokens_plural_error", { a: { tokens: ["t1"] } }, { a: { tokens: [S] } }),
  t("string_array_nested", { a: { apiKeys: [["x", "y"]] } }, { a: { apiKeys: [[S, "y"]] } }),
  t("string_array_truncated", { a: { apiKeys: ["k1", "k2", "k3"] } }, { a: { apiKeys: [S] } }),
  // arrays of objects: identity by `id`
  t("objects_same_order", { list: [{ id: "a", token: "ta" }, { id: "b", token: "tb" }] }, { list: [{ id: "a", token: S }, { id: "b", token: S }] }),
  t("objects_reordered_by_id", { list: [{ id: "a", token: "ta" }, { id: "b", token: "tb" }] }, { list: [{ id: "b", token: S }, { id: "a", token: S }] }),
  t("objects_reordered_by_agentId_positional", { list: [{ agentId: "a", token: "ta" }, { agentId: "b", token: "tb" }] }, { list: [{ agentId: "b", token: S }, { agentId: "a", token: S }] }),
  t("objects_without_ids_positional", { list: [{ token: "t0" }, { token: "t1" }] }, { list: [{ token: S, note: "x" }, { token: S }] }),
  t("objects_without_ids_reordered_positional", { list: [{ name: "a", token: "ta" }, { name: "b", token: "tb" }] }, { list: [{ name: "b", token: S }, { name: "a", token: S }] }),
  t("objects_item_removed_by_id", { list: [{ id: "a", token: "ta" }, { id: "b", token: "tb" }, { id: "c", token: "tc" }] }, { list: [{ id: "c", token: S }] }),
  t("objects_new_item_with_new_id_error", { list: [{ id: "a", token: "ta" }] }, { list: [{ id: "new", token: S }, { id: "a", token: S }] }),
  t("objects_new_item_with_new_id_no_sentinel", { list: [{ id: "a", token: "ta" }] }, { list: [{ id: "new", token: "fresh" }, { id: "a", token: S }] }),
  t("objects_new_item_without_id_at_reserved_index_0_error", { list: [{ id: "a", token: "ta" }, { id: "b", token: "tb" }] }, { list: [{ token: S }, { id: "a", token: S }] }),
  t("objects_new_item_without_id_reserved_position_error", { list: [{ id: "a", token: "ta" }, { id: "b", token: "tb" }] }, { list: [{ id: "b", token: S }, { token: S }] }),
  t("objects_new_item_without_id_unreserved_position", { list: [{ id: "a", token: "ta" }, { id: "b", token: "tb" }] }, { list: [{ id: "a", token: S }, { token: S }] }),
  t("objects_duplicate_ids_in_original_positional", { list: [{ id: "a", token: "t0" }, { id: "a", token: "t1" }] }, { list: [{ id: "a", token: S }, { id: "a", token: S }] }),
  t("objects_duplicate_ids_in_original_reordered", { list: [{ id: "a", token: "t0" }, { id: "a", token: "t1" }, { id: "b", token: "tb" }] }, { list: [{ id: "b", token: S }, { id: "a", token: S }, { id: "a", token: S }] }),
  t("objects_duplicate_ids_in_edited_positional", { list: [{ id: "a", token: "ta" }, { id: "b", token: "tb" }] }, { list: [{ id: "b", token: S }, { id: "b", token: S }] }),
  t("objects_original_no_ids_edited_new_id_positional", { list: [{ token: "t0" }] }, { list: [{ id: "x", token: S }] }),
  t("objects_id_env_ref_not_identity", { list: [{ id: "${A}", token: "t0" }, { id: "${B}", token: "t1" }] }, { list: [{ id: "${B}", token: S }, { id: "${A}", token: S }] }),
  t("objects_id_escaped_ref_not_identity", { list: [{ id: "$${A}", token: "t0" }, { id: "b", token: "t1" }] }, { list: [{ id: "b", token: S }, { id: "$${A}", token: S }] }),
  t("objects_id_lowercase_ref_is_identity", { list: [{ id: "${a}", token: "t0" }, { id: "b", token: "t1" }] }, { list: [{ id: "b", token: S }, { id: "${a}", token: S }] }),
  t("objects_id_numeric_not_identity", { list: [{ id: 1, token: "t1" }, { id: 2, token: "t2" }] }, { list: [{ id: 2, token: S }, { id: 1, token: S }] }),
  t("objects_id_empty_not_identity", { list: [{ id: "", token: "t0" }, { id: "b", token: "t1" }] }, { list: [{ id: "b", token: S }, { id: "", token: S }] }),
  t("objects_id_sentinel_not_identity", { list: [{ id: "a", token: "t0" }, { id: "b", token: "t1" }] }, { list: [{ id: S, token: S }] }),
  t("objects_mixed_strings_and_objects", { list: ["plain", { id: "a", token: "ta" }] }, { list: [{ id: "a", token: S }, "plain"] }),
  t("objects_nested_arrays_with_ids", {
    channels: { x: { accounts: [{ id: "a", groups: [{ id: "g1", secret: "s1" }, { id: "g2", secret: "s2" }] }] } },
  }, {
    channels: { x: { accounts: [{ id: "a", groups: [{ id: "g2", secret: S }, { id: "g1", secret: S }] }] } },
  }),
  t("objects_original_array_missing", { other: 1 }, { list: [{ id: "a", token: S }] }),
  t("objects_id_match_original_item_not_object", { list: [{ id: "a", token: "ta" }] }, { list: [{ id: "a", sub: { token: S } }] }),
  t("objects_new_item_without_id_steals_unreserved_original", { list: [{ id: "a", token: "ta" }, { id: "b", token: "tb" }] }, { list: [{ id: "a", token: S }, { name: "new", token: S }] }),
  t("objects_unique_incoming_id_duplicated_in_original", { list: [{ id: "a", token: "t0" }, { id: "a", token: "t1" }] }, { list: [{ id: "x", token: "fresh" }, { id: "a", token: S }] }),
  t("objects_agents_list_reordered_by_id", {
    agents: { list: [{ id: "main", tools: { web: { search: { apiKey: "k-main" } } } }, { id: "ops", tools: { web: { search: { apiKey: "k-ops" } } } }] },
  }, {
    agents: { list: [{ id: "ops", tools: { web: { search: { apiKey: S } } } }, { id: "main", tools: { web: { search: { apiKey: S } } } }] },
  }),
  t("objects_string_items_and_id_items_in_sensitive_array", { apiKeys: ["k0", { id: "a", value: "va" }] }, { apiKeys: [{ id: "a", value: S }, S] }),
  // more sensitivity checks on restore
  t("error_top_level_baseurl_not_restorable", { baseUrl: "https://u:p@h/" }, { baseUrl: S }),
  t("localservice_env_whitelisted_name_still_restored", { localService: { env: { maxTokens: "5" } } }, { localService: { env: { maxTokens: S } } }),
  t("error_whitelisted_key_under_sensitive_parent", { secrets: { maxTokens: "5" } }, { secrets: { maxTokens: S } }),
  t("sentinel_under_sensitive_parent_restored_any_type", { secrets: { providers: { v: { timeoutMs: 5 } } } }, { secrets: { providers: { v: { timeoutMs: S } } } }),
  t("trailing_space_key_not_sensitive_error", { a: { "token ": "t" } }, { a: { "token ": S } }),
  t("error_original_value_is_sentinel", { a: { token: S } }, { a: { token: S } }),
  t("sentinel_as_key_is_data", { a: { [S]: "v" } }, { a: { [S]: "v" } }),
  t("error_sentinel_in_value_array_kept_from_user", { a: { list: [S] } }, { a: { list: [S] } }),
  // SecretRef objects
  t("secretref_id_restored_under_token", { a: { token: { source: "env", provider: "default", id: "TG_TOKEN" } } }, { a: { token: { source: "env", provider: "default", id: S } } }),
  t("secretref_id_restored_under_apikey", { p: { apiKey: { source: "file", provider: "vault", id: "/openai" } } }, { p: { apiKey: { source: "file", provider: "vault", id: S } } }),
  t("secretref_extra_fields_kept", { a: { token: { source: "env", provider: "default", id: "T" } } }, { a: { token: { source: "env", provider: "default", id: S, note: "n" } } }),
  t("secretref_id_changed_by_user_kept", { a: { token: { source: "env", provider: "default", id: "OLD" } } }, { a: { token: { source: "env", provider: "default", id: "NEW" } } }),
  t("secretref_original_lacks_provider_error", { a: { token: { source: "env", id: "T" } } }, { a: { token: { source: "env", provider: "default", id: S } } }),
  t("secretref_original_not_ref_error", { a: { token: "plain" } }, { a: { token: { source: "env", provider: "default", id: S } } }),
  t("secretref_original_missing_error", { a: {} }, { a: { token: { source: "env", provider: "default", id: S } } }),
  t("secretref_incoming_lacks_provider_error", { a: { token: { source: "env", provider: "default", id: "T" } } }, { a: { token: { source: "env", id: S } } }),
  t("secretref_source_changed_error", { a: { token: { source: "env", provider: "default", id: "T" } } }, { a: { token: { source: "file", provider: "default", id: S } } }),
  t("secretref_provider_changed_error", { a: { token: { source: "env", provider: "default", id: "T" } } }, { a: { token: { source: "env", provider: "other", id: S } } }),
  t("secretref_under_non_sensitive_key_error", { a: { ref: { source: "env", provider: "default", id: "T" } } }, { a: { ref: { source: "env", provider: "default", id: S } } }),
  t("secretref_in_sensitive_array_item", { a: { apiKeys: [{ source: "env", provider: "default", id: "K" }] } }, { a: { apiKeys: [{ source: "env", provider: "default", id: S }] } }),
  t("secretref_whole_value_sentinel", { a: { token: { source: "env", provider: "default", id: "T" } } }, { a: { token: S } }),
  // object under sensitive key (not SecretRef)
  t("object_under_apikey_child_restored", { a: { apiKey: { value: "v" } } }, { a: { apiKey: { value: S } } }),
  t("object_under_token_child_not_sensitive_error", { a: { token: { value: "v" } } }, { a: { token: { value: S } } }),
  // round trips through redactConfigObject
  rt("roundtrip_simple", { gateway: { auth: { token: "gw" } }, name: "x" }),
  rt("roundtrip_arrays_with_ids", { channels: { t: { accounts: [{ id: "a", botToken: "ta" }, { id: "b", botToken: "tb" }] } } }),
  rt("roundtrip_reordered_after_redact", { channels: { t: { accounts: [{ id: "a", botToken: "ta" }, { id: "b", botToken: "tb" }] } } }, { reverse_arrays_at: [["channels", "t", "accounts"]] }),
  rt("roundtrip_string_arrays", { a: { apiKeys: ["k1", "", "${K}", "k4"] } }),
  rt("roundtrip_env_refs_untouched", { a: { token: "${T}", apiKey: "${K}" } }),
  rt("roundtrip_serviceaccount", { demo: { serviceAccount: { private_key: "pem" }, serviceAccountRef: { path: "/x" } } }),
  rt("roundtrip_url_credentials", { models: { providers: { p: { baseUrl: "https://u:p@h.example/v1" } } }, mcp: { servers: { s: { url: "https://h/?token=1" } } } }),
  rt("roundtrip_localservice_env", { localService: { env: { A: "1", B: "2" } } }),
  rt("roundtrip_secretref_under_token", { a: { token: { source: "env", provider: "default", id: "T" } } }),
  rt("roundtrip_secretref_under_apikey_breaks", { models: { providers: { p: { apiKey: { source: "env", provider: "default", id: "OPENAI_API_KEY" } } } } }),
  rt("roundtrip_secrets_provider_block", { secrets: { providers: { v: { source: "exec", command: "/bin/v", args: ["a"], timeoutMs: 1 } } } }),
  rt("roundtrip_realistic", {
    gateway: { port: 18789, auth: { mode: "token", token: "gw-secret-token" } },
    agents: { list: [{ id: "main", tools: { web: { search: { apiKey: "search-key" } } } }, { id: "ops" }] },
    models: { providers: { openai: { baseUrl: "https://api.example/v1", apiKey: "provider-key", models: [{ id: "m", maxTokens: 1 }] } } },
    channels: { telegram: { botToken: "tg", accounts: [{ id: "alt", botToken: "tg-alt" }] }, slack: { signingSecret: "ss" } },
  }),
  rt("roundtrip_user_edits_token", { a: { token: "old", apiKey: "k" } }, { mutate_after_redact: [[["a", "token"], "brand-new"]] }),
  rt("roundtrip_user_adds_item_with_sentinel", { list: [{ id: "a", token: "ta" }] }, { mutate_after_redact: [[["list", 1], { id: "b", token: S }]] }),
];
