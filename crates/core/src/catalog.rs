//! The catalog: what every variable of the stack is, how it is made, how strong it must be and
//! where it may live. It is data (`data/catalog.toml`, embedded), so that a deployment can extend
//! or override it with a `mosbot-secrets.toml` of the same schema.

use serde::Deserialize;
use std::path::Path;

use crate::classify::{classify_by_name, NameVerdict};

/// The built-in catalog text, embedded at build time.
pub const BUILTIN_CATALOG: &str = include_str!("../data/catalog.toml");

/// The file name of a deployment's own catalog additions and overrides.
pub const PROJECT_FILE: &str = "mosbot-secrets.toml";

/// What kind of value a variable holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// Must never leak: not to git, logs, bundles or API responses.
    Secret,
    /// Safe to publish (compiled into the dashboard's public JavaScript).
    Public,
    /// Configuration that is neither secret nor public by design (ports, hosts, origins).
    Setting,
}

/// How `generate` and `init` make a new value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Recipe {
    /// 48 random bytes as 96 lowercase hex characters (`randomBytes(48).toString('hex')`).
    JwtSecret,
    /// 32 random bytes as 44 characters of standard base64 (`openssl rand -base64 32`).
    Token,
    /// A random password from an alphabet without look-alike characters.
    Password,
}

impl Recipe {
    /// The name used on the command line (`generate jwt-secret`).
    pub fn cli_name(self) -> &'static str {
        match self {
            Recipe::JwtSecret => "jwt-secret",
            Recipe::Token => "token",
            Recipe::Password => "password",
        }
    }
}

/// Which strength rule a value must pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Strength {
    /// Random bytes printed as hex: judged by length and entropy.
    HexRandom,
    /// Random bytes printed as base64: judged by length and entropy.
    Base64Random,
    /// A password: judged by zxcvbn (score 3 or more).
    Password,
    /// Issued by a provider: only placeholders are caught.
    ProviderKey,
    /// No strength rule.
    #[default]
    Any,
}

/// A place a secret must never be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Place {
    /// Literally in `openclaw.json` (it must be a `${VAR}` reference there).
    #[serde(rename = "openclaw.json")]
    OpenclawJson,
    /// As the value of any `VITE_*` variable (compiled into public JavaScript).
    #[serde(rename = "vite")]
    Vite,
}

/// One variable of the stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    /// The environment variable's name.
    pub name: String,
    /// Secret, public or setting.
    pub class: Class,
    /// The components that read it.
    pub components: Vec<String>,
    /// How to make a value, if it can be made at all.
    pub recipe: Option<Recipe>,
    /// The shortest acceptable value, in characters.
    pub min_length: Option<usize>,
    /// The strength rule.
    pub strength: Strength,
    /// Components whose env file must define it.
    pub required_in: Vec<String>,
    /// It must leave the environment once it did its job (BOOTSTRAP_OWNER_PASSWORD).
    pub remove_after_first_use: bool,
    /// Places it must never be.
    pub never_in: Vec<Place>,
    /// For settings: the value `init` writes when it is absent.
    pub default: Option<String>,
    /// One line for humans.
    pub description: String,
}

/// A component of a deployment and the directories its env files live in.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Component {
    /// Short name (`api`, `dashboard`, ...).
    pub name: String,
    /// Human name.
    #[serde(default)]
    pub title: String,
    /// Directories, relative to the deployment root, that hold this component.
    #[serde(default)]
    pub dirs: Vec<String>,
    /// A Vite app: every `VITE_*` value of its env files is compiled into public JavaScript.
    #[serde(default)]
    pub vite: bool,
    /// The port it listens on, for messages.
    #[serde(default)]
    pub port: Option<u16>,
}

/// Names that must hold one value wherever they appear in a deployment.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AliasGroup {
    /// The names; a group of one name means "the same in every component that has it".
    pub names: Vec<String>,
    /// Why they must match, for messages.
    #[serde(default)]
    pub why: String,
}

/// The whole catalog: components, variables and alias groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    components: Vec<Component>,
    variables: Vec<Variable>,
    aliases: Vec<AliasGroup>,
}

/// A catalog file that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{path}:{line}:{column}: {message}")]
pub struct CatalogError {
    /// The file (`<builtin>` for the embedded catalog).
    pub path: String,
    /// 1-based line of the problem.
    pub line: usize,
    /// 1-based column of the problem.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// The on-disk form of a `[[variable]]`: every field optional so that an override can name only
/// what it changes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVariable {
    name: String,
    class: Option<Class>,
    components: Option<Vec<String>>,
    recipe: Option<Recipe>,
    min_length: Option<usize>,
    strength: Option<Strength>,
    required_in: Option<Vec<String>>,
    remove_after_first_use: Option<bool>,
    never_in: Option<Vec<Place>>,
    default: Option<String>,
    description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    #[serde(default, rename = "component")]
    components: Vec<Component>,
    #[serde(default, rename = "variable")]
    variables: Vec<RawVariable>,
    #[serde(default, rename = "alias")]
    aliases: Vec<AliasGroup>,
}

impl Catalog {
    /// The embedded catalog of the MosBot OS / OpenClaw stack.
    pub fn builtin() -> Catalog {
        let mut catalog = Catalog {
            components: Vec::new(),
            variables: Vec::new(),
            aliases: Vec::new(),
        };
        catalog
            .merge_text(BUILTIN_CATALOG, "<builtin>")
            .expect("the embedded catalog is valid (checked by a unit test)");
        catalog
    }

    /// The built-in catalog with the deployment's `mosbot-secrets.toml` merged in, if `root` has one.
    pub fn for_deployment(root: &Path) -> Result<Catalog, CatalogError> {
        let mut catalog = Catalog::builtin();
        let path = root.join(PROJECT_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => catalog.merge_text(&text, PROJECT_FILE)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(CatalogError {
                    path: PROJECT_FILE.to_string(),
                    line: 1,
                    column: 1,
                    message: format!("cannot read: {e}"),
                })
            }
        }
        Ok(catalog)
    }

    /// Merges a catalog text: variables and components are matched by name (given fields
    /// override, new names are added); alias groups are added.
    pub fn merge_text(&mut self, text: &str, source: &str) -> Result<(), CatalogError> {
        let raw: RawCatalog = toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|span| line_column(text, span.start))
                .unwrap_or((1, 1));
            CatalogError {
                path: source.to_string(),
                line,
                column,
                message: e.message().to_string(),
            }
        })?;
        for component in raw.components {
            match self
                .components
                .iter_mut()
                .find(|c| c.name == component.name)
            {
                Some(existing) => *existing = component,
                None => self.components.push(component),
            }
        }
        for raw_var in raw.variables {
            let index = match self.variables.iter().position(|v| v.name == raw_var.name) {
                Some(i) => i,
                None => {
                    self.variables.push(new_variable(&raw_var.name));
                    self.variables.len() - 1
                }
            };
            apply_raw(&mut self.variables[index], raw_var);
        }
        self.aliases.extend(raw.aliases);
        Ok(())
    }

    /// The variable called `name`, if the catalog knows it.
    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.name == name)
    }

    /// Every variable, in catalog order.
    pub fn variables(&self) -> &[Variable] {
        &self.variables
    }

    /// Every component, in catalog order.
    pub fn components(&self) -> &[Component] {
        &self.components
    }

    /// The component called `name`.
    pub fn component(&self, name: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.name == name)
    }

    /// Every alias group.
    pub fn aliases(&self) -> &[AliasGroup] {
        &self.aliases
    }

    /// The alias group `name` belongs to, if any.
    pub fn alias_group(&self, name: &str) -> Option<&AliasGroup> {
        self.aliases
            .iter()
            .find(|g| g.names.iter().any(|n| n == name))
    }

    /// A key shared by every name that must hold one value: the alias group's names, or the name
    /// itself (JWT_SECRET in api/.env and docker/.env must match too).
    pub fn group_key(&self, name: &str) -> String {
        self.alias_group(name)
            .map(|g| g.names.join("\u{2261}"))
            .unwrap_or_else(|| name.to_string())
    }

    /// Whether two names must hold the same value (the same name, or one alias group).
    pub fn same_secret(&self, a: &str, b: &str) -> bool {
        a == b
            || self
                .alias_group(a)
                .is_some_and(|g| g.names.iter().any(|n| n == b))
    }

    /// The class of `name`: the catalog's word where it has one, else a judgement by name.
    pub fn class_of(&self, name: &str) -> Class {
        match self.variable(name) {
            Some(v) => v.class,
            None => match classify_by_name(name) {
                NameVerdict::Secret => Class::Secret,
                NameVerdict::NotSecret => Class::Setting,
            },
        }
    }

    /// The `VITE_*` names that may appear in a dashboard's env files.
    pub fn public_vite_names(&self) -> impl Iterator<Item = &str> {
        self.variables
            .iter()
            .filter(|v| v.class == Class::Public && v.name.starts_with("VITE_"))
            .map(|v| v.name.as_str())
    }
}

fn new_variable(name: &str) -> Variable {
    Variable {
        name: name.to_string(),
        class: Class::Setting,
        components: Vec::new(),
        recipe: None,
        min_length: None,
        strength: Strength::Any,
        required_in: Vec::new(),
        remove_after_first_use: false,
        never_in: Vec::new(),
        default: None,
        description: String::new(),
    }
}

fn apply_raw(var: &mut Variable, raw: RawVariable) {
    if let Some(class) = raw.class {
        var.class = class;
        // A variable a project declares secret is never allowed in public places.
        if class == Class::Secret && var.never_in.is_empty() {
            var.never_in = vec![Place::OpenclawJson, Place::Vite];
        }
    }
    if let Some(v) = raw.components {
        var.components = v;
    }
    if raw.recipe.is_some() {
        var.recipe = raw.recipe;
    }
    if raw.min_length.is_some() {
        var.min_length = raw.min_length;
    }
    if let Some(v) = raw.strength {
        var.strength = v;
    }
    if let Some(v) = raw.required_in {
        var.required_in = v;
    }
    if let Some(v) = raw.remove_after_first_use {
        var.remove_after_first_use = v;
    }
    if let Some(v) = raw.never_in {
        var.never_in = v;
    }
    if raw.default.is_some() {
        var.default = raw.default;
    }
    if let Some(v) = raw.description {
        var.description = v;
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_parses_and_is_consistent() {
        let catalog = Catalog::builtin();
        let names: Vec<&str> = catalog
            .components()
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        for var in catalog.variables() {
            for c in var.components.iter().chain(&var.required_in) {
                assert!(
                    names.contains(&c.as_str()),
                    "{} names unknown component {c}",
                    var.name
                );
            }
            for c in &var.required_in {
                assert!(
                    var.components.contains(c),
                    "{} required in {c} but not read there",
                    var.name
                );
            }
            if var.class == Class::Secret {
                assert!(
                    var.never_in.contains(&Place::Vite),
                    "{} may reach the bundle",
                    var.name
                );
            }
        }
        for group in catalog.aliases() {
            for n in &group.names {
                assert!(catalog.variable(n).is_some(), "alias names unknown {n}");
            }
        }
        assert_eq!(
            catalog.public_vite_names().collect::<Vec<_>>(),
            ["VITE_API_URL", "VITE_APP_NAME", "VITE_API_TIMEOUT"]
        );
    }

    #[test]
    fn spec_rules_are_in_the_catalog() {
        let catalog = Catalog::builtin();
        let jwt = catalog.variable("JWT_SECRET").unwrap();
        assert_eq!(jwt.recipe, Some(Recipe::JwtSecret));
        assert_eq!(jwt.min_length, Some(48));
        assert!(
            catalog
                .variable("BOOTSTRAP_OWNER_PASSWORD")
                .unwrap()
                .remove_after_first_use
        );
        assert!(catalog.same_secret("WORKSPACE_SERVICE_TOKEN", "OPENCLAW_WORKSPACE_TOKEN"));
        assert!(!catalog.same_secret("JWT_SECRET", "DB_PASSWORD"));
    }

    #[test]
    fn project_file_overrides_and_adds() {
        let mut catalog = Catalog::builtin();
        catalog
            .merge_text(
                "[[variable]]\nname = \"JWT_SECRET\"\nmin_length = 64\n\n[[variable]]\nname = \"STRIPE_SECRET_KEY\"\nclass = \"secret\"\ncomponents = [\"api\"]\n",
                PROJECT_FILE,
            )
            .unwrap();
        let jwt = catalog.variable("JWT_SECRET").unwrap();
        assert_eq!(jwt.min_length, Some(64));
        assert_eq!(
            jwt.recipe,
            Some(Recipe::JwtSecret),
            "unnamed fields keep their value"
        );
        let stripe = catalog.variable("STRIPE_SECRET_KEY").unwrap();
        assert_eq!(stripe.class, Class::Secret);
        assert!(stripe.never_in.contains(&Place::Vite));
    }

    #[test]
    fn project_file_errors_name_line_and_column() {
        let mut catalog = Catalog::builtin();
        let err = catalog
            .merge_text(
                "[[variable]]\nname = \"X\"\nclas = \"secret\"\n",
                PROJECT_FILE,
            )
            .unwrap_err();
        assert_eq!(err.path, PROJECT_FILE);
        assert_eq!(err.line, 3, "{err}");
    }
}
