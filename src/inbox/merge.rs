//! Merging two versions of `inbox.md` (the ties merge driver's part for it):
//! a note appended on one machine and another appended on the phone are
//! both kept, and a line taken (removed) on either side stays taken. The
//! result never holds conflict markers.

/// Merges line by line from `base`: every line either side added is kept,
/// in order (ours first where both added at the same place); a line of
/// `base` stays only if both sides still have it.
pub fn merge(base: &[u8], ours: &[u8], theirs: &[u8]) -> Vec<u8> {
    let (b, o, t) = (lines(base), lines(ours), lines(theirs));
    let in_ours = matching(&b, &o);
    let in_theirs = matching(&b, &t);
    let added_ours = added(&in_ours, o.len());
    let added_theirs = added(&in_theirs, t.len());
    let mut out: Vec<&[u8]> = Vec::new();
    for gap in 0..=b.len() {
        out.extend(added_ours[gap].iter().map(|&j| o[j]));
        out.extend(added_theirs[gap].iter().map(|&j| t[j]));
        if let (Some(Some(j)), Some(Some(_))) = (in_ours.get(gap), in_theirs.get(gap)) {
            out.push(o[*j]);
        }
    }
    let mut merged = Vec::with_capacity(ours.len() + theirs.len());
    let eol: &[u8] = if ours.windows(2).any(|w| w == b"\r\n") {
        b"\r\n"
    } else {
        b"\n"
    };
    let last = out.len().saturating_sub(1);
    for (i, l) in out.into_iter().enumerate() {
        merged.extend_from_slice(l);
        // A side's unfinished last line does not swallow the next.
        if i < last && !l.ends_with(b"\n") {
            merged.extend_from_slice(eol);
        }
    }
    merged
}

/// The lines of a file, each with its line end (the last may have none).
fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    bytes.split_inclusive(|&c| c == b'\n').collect()
}

/// A line without its line end, for comparing.
fn body(l: &[u8]) -> &[u8] {
    let l = l.strip_suffix(b"\n").unwrap_or(l);
    l.strip_suffix(b"\r").unwrap_or(l)
}

/// For each line of `base`, where it is in `side` (None: removed there),
/// from a longest common subsequence.
fn matching(base: &[&[u8]], side: &[&[u8]]) -> Vec<Option<usize>> {
    let mut at = vec![None; base.len()];
    // Same start and same end: matched as they are.
    let mut pre = 0;
    while pre < base.len() && pre < side.len() && body(base[pre]) == body(side[pre]) {
        at[pre] = Some(pre);
        pre += 1;
    }
    let mut suf = 0;
    while suf < base.len() - pre
        && suf < side.len() - pre
        && body(base[base.len() - 1 - suf]) == body(side[side.len() - 1 - suf])
    {
        at[base.len() - 1 - suf] = Some(side.len() - 1 - suf);
        suf += 1;
    }
    let (b, s) = (&base[pre..base.len() - suf], &side[pre..side.len() - suf]);
    let (n, m) = (b.len(), s.len());
    if n == 0 || m == 0 {
        return at;
    }
    if n.saturating_mul(m) > 4_000_000 {
        // Too large for the table: each line to its next copy, in order.
        let mut j = 0;
        for (i, l) in b.iter().enumerate() {
            if let Some(k) = s[j..].iter().position(|x| body(x) == body(l)) {
                at[pre + i] = Some(pre + j + k);
                j += k + 1;
            }
        }
        return at;
    }
    // lcs[i][j]: the longest common subsequence of b[i..] and s[j..].
    let w = m + 1;
    let mut lcs = vec![0u32; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * w + j] = if body(b[i]) == body(s[j]) {
                lcs[(i + 1) * w + j + 1] + 1
            } else {
                lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if body(b[i]) == body(s[j]) {
            at[pre + i] = Some(pre + j);
            i += 1;
            j += 1;
        } else if lcs[(i + 1) * w + j] >= lcs[i * w + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    at
}

/// The side's lines not matched to base, by the gap they come in: gap i is
/// just before base line i (gap `base.len()` is the end).
fn added(at: &[Option<usize>], side_len: usize) -> Vec<Vec<usize>> {
    let mut gaps = vec![Vec::new(); at.len() + 1];
    let mut next = 0;
    for (i, a) in at.iter().enumerate() {
        if let Some(j) = *a {
            gaps[i].extend(next..j);
            next = j + 1;
        }
    }
    gaps[at.len()].extend(next..side_len);
    gaps
}

#[cfg(test)]
mod tests {
    use super::merge;

    fn m(b: &str, o: &str, t: &str) -> String {
        String::from_utf8(merge(b.as_bytes(), o.as_bytes(), t.as_bytes())).unwrap()
    }

    #[test]
    fn lines_added_on_both_sides_are_kept_and_lines_taken_stay_taken() {
        // Desk appended c; phone appended d.
        assert_eq!(m("a\nb\n", "a\nb\nc\n", "a\nb\nd\n"), "a\nb\nc\nd\n");
        // Desk took a and b and appended c; phone appended d.
        assert_eq!(m("a\nb\n", "c\n", "a\nb\nd\n"), "c\nd\n");
        // Phone took a; desk took b.
        assert_eq!(m("a\nb\nx\n", "a\nx\n", "b\nx\n"), "x\n");
        // Both took the same line, and one appended.
        assert_eq!(m("a\n", "", "e\n"), "e\n");
        // A side's last line without its end does not join the next.
        assert_eq!(m("", "a", "b\n"), "a\nb\n");
        // Two copies of a line are two notes.
        assert_eq!(m("a\n", "a\na\n", "a\nb\n"), "a\na\nb\n");
    }
}
