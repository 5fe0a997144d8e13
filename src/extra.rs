//! Keys of a person file that ties reads for export but that are not
//! `[about]` facts (what an import keeps: `url`, `[types]`, `[[address]]`):
//! on a prep sheet as a person would say them, not as TOML.

/// What a prep sheet shows for the key `key` whose value the file spells
/// `shown` (as TOML): a label and a value; `None` for bookkeeping not worth
/// a line (`types`).
pub fn fact(key: &str, shown: &str) -> Option<(String, String)> {
    let line = line(key, shown)?;
    let (label, value) = line.split_once(": ").unwrap_or((key, &line));
    Some((label.to_string(), value.to_string()))
}

fn line(key: &str, shown: &str) -> Option<String> {
    let value = || {
        toml::from_str::<toml::Table>(&format!("v = {shown}"))
            .ok()
            .and_then(|mut t| t.remove("v"))
    };
    match key {
        // The TYPE of an email or phone: for export, not for reading.
        "types" => None,
        "url" => match value() {
            Some(toml::Value::String(u)) => Some(format!("web: {u}")),
            Some(toml::Value::Array(a)) => Some(format!("web: {}", texts(&a).join(" · "))),
            // A single address, given as its text.
            _ => Some(format!("web: {shown}")),
        },
        "address" => match value() {
            Some(toml::Value::Array(a)) => {
                let all: Vec<String> = a.iter().filter_map(address).collect();
                if all.is_empty() {
                    Some(format!("{key}: {shown}"))
                } else {
                    // One label for all: "address (home): …; (work) …".
                    Some(all.join("; "))
                }
            }
            _ => Some(format!("{key}: {shown}")),
        },
        _ => Some(format!("{key}: {shown}")),
    }
}

fn texts(a: &[toml::Value]) -> Vec<String> {
    a.iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// "address (home): Rua das Flores 12, 3º Esq, 1200-195 Lisboa, Portugal".
fn address(v: &toml::Value) -> Option<String> {
    let t = v.as_table()?;
    let part = |k: &str| {
        t.get(k)
            .and_then(toml::Value::as_str)
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|s| !s.is_empty())
    };
    let place = [part("code"), part("city")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let parts: Vec<String> = [
        part("pobox"),
        part("street"),
        part("extended"),
        Some(place).filter(|p| !p.is_empty()),
        part("region"),
        part("country"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        return None;
    }
    Some(match part("type") {
        Some(kind) => format!("address ({kind}): {}", parts.join(", ")),
        None => format!("address: {}", parts.join(", ")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imported_facts_read_as_sentences() {
        assert_eq!(line("types", "{ \"a@x\" = \"work\" }"), None);
        assert_eq!(
            line("url", "[\"https://a.example\", \"https://b.example\"]").as_deref(),
            Some("web: https://a.example · https://b.example")
        );
        assert_eq!(
            line(
                "address",
                "[{ type = \"home\", street = \"\"\"\n1 Harbor Way\nSuite 400\"\"\", city = \"Boston\", code = \"02110\", country = \"USA\" }]"
            )
            .as_deref(),
            Some("address (home): 1 Harbor Way Suite 400, 02110 Boston, USA")
        );
        assert_eq!(
            line("url", "https://a.example").as_deref(),
            Some("web: https://a.example")
        );
        assert_eq!(line("pets", "a cat").as_deref(), Some("pets: a cat"));
    }
}
