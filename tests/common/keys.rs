//! Keys and armor for the encryption tests: an age identity made in the
//! test (no ssh-keygen needed), and ways to look for private words.

use std::path::Path;

/// Writes a new age identity to `path` (0600); returns its public key.
pub fn age_identity(path: &Path) -> String {
    use age::secrecy::ExposeSecret;
    use std::os::unix::fs::PermissionsExt;
    let id = age::x25519::Identity::generate();
    std::fs::write(path, format!("{}\n", id.to_string().expose_secret())).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
    id.to_public().to_string()
}

/// The armored values in a text, each whole, in order.
pub fn armored(text: &str) -> Vec<String> {
    let begin = "-----BEGIN AGE ENCRYPTED FILE-----";
    let end = "-----END AGE ENCRYPTED FILE-----";
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(begin) {
        let from = &rest[i..];
        let Some(j) = from.find(end) else { break };
        out.push(from[..j + end.len()].to_string());
        rest = &from[j + end.len()..];
    }
    out
}

/// Every file under `dir` (followed into subfolders), as one lossy string.
pub fn all_files(dir: &Path) -> String {
    let mut out = String::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(b) = std::fs::read(&p) {
                out.push_str(&String::from_utf8_lossy(&b));
            }
        }
    }
    out
}
