//! The text of a file someone else's program wrote (a contact export): UTF-8
//! as it should be; UTF-16 when it says so with a byte order mark; and the
//! single-byte Windows-1252 of old Windows exporters, said so. A file that
//! is UTF-8 with a few broken bytes is refused rather than guessed at, so
//! every accent in it is not silently turned into two wrong characters.

/// How the bytes were read, when not as UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    Utf8,
    Utf16,
    Windows1252,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error(
        "it is not valid UTF-8 (byte 0x{byte:02X} on line {line}, though other lines are UTF-8); save it as UTF-8 and import it again"
    )]
    BrokenUtf8 { byte: u8, line: usize },
    #[error("it says it is UTF-16 but is not (an odd number of bytes or a lone surrogate)")]
    BrokenUtf16,
}

/// The file's text, and how it was read.
pub fn decode(bytes: &[u8]) -> Result<(String, Read), DecodeError> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes).map(|t| (t, Read::Utf16));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes).map(|t| (t, Read::Utf16));
    }
    let at = match std::str::from_utf8(bytes) {
        Ok(t) => return Ok((t.to_string(), Read::Utf8)),
        Err(e) => e.valid_up_to(),
    };
    // Any character of two or more bytes decoded: the file is UTF-8, broken.
    let utf8 = bytes.utf8_chunks().any(|c| !c.valid().is_ascii());
    if utf8 {
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        return Err(DecodeError::BrokenUtf8 {
            byte: bytes[at],
            line,
        });
    }
    Ok((
        bytes.iter().map(|&b| windows_1252(b)).collect(),
        Read::Windows1252,
    ))
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, DecodeError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(DecodeError::BrokenUtf16);
    }
    let units: Vec<u16> = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]])).collect();
    String::from_utf16(&units).map_err(|_| DecodeError::BrokenUtf16)
}

/// Windows-1252: Latin-1 but for 0x80 to 0x9F, where it has the curly
/// quotes, dashes and euro sign Outlook writes. The five bytes it leaves
/// undefined read as U+FFFD, never as control characters.
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{FFFD}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{FFFD}', 'Ž',
        '\u{FFFD}', '\u{FFFD}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ',
        '\u{FFFD}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        b => b as char,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_read_as_is() {
        assert_eq!(
            decode("José, Zoë".as_bytes()),
            Ok(("José, Zoë".to_string(), Read::Utf8))
        );
    }

    #[test]
    fn a_windows_export_is_read_as_windows_1252() {
        let (t, how) = decode(b"Se\xe1n,O\x92Brien,Caf\xe9 \x80 Co \x93hi\x94").unwrap();
        assert_eq!(t, "Seán,O’Brien,Café € Co “hi”");
        assert_eq!(how, Read::Windows1252);
    }

    #[test]
    fn utf8_with_a_broken_byte_is_refused_naming_the_line() {
        let e = decode(b"name\nJos\xc3\xa9,x\nbad \xff here\n").unwrap_err();
        assert_eq!(
            e,
            DecodeError::BrokenUtf8 {
                byte: 0xFF,
                line: 3
            }
        );
    }

    #[test]
    fn utf16_with_its_mark_is_read() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("Zoë,ana".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&le).unwrap(), ("Zoë,ana".to_string(), Read::Utf16));
        let mut be = vec![0xFE, 0xFF];
        be.extend("Zoë".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be).unwrap().0, "Zoë");
        assert_eq!(decode(&[0xFF, 0xFE, 0x41]), Err(DecodeError::BrokenUtf16));
    }
}
