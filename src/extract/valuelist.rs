//! Lists of "label : value" lines that give one kind of figure: the coefficients of a bonus
//! scheme ("Cá nhân hoàn thành nhiệm vụ : 1", "Cá nhân được tặng giấy khen : 1.3"). A bare
//! whole number there is a coefficient like its neighbours, not a count of nothing.

use crate::model::{Block, Fact, Kind};

/// Fewest lines that make a list.
const MIN_LINES: usize = 3;

/// The trimmed value after a block's last colon: what a "label : value" line gives.
fn value_tail(b: &Block) -> Option<&str> {
    let (_, tail) = b.text.rsplit_once(':')?;
    Some(tail.trim().trim_end_matches('.'))
}

/// True when the fact is the whole value of a "label : value" line (`tail`, from
/// [`value_tail`]), without a unit.
fn bare_value_line(tail: Option<&str>, f: &Fact) -> bool {
    if f.unit.is_some() || !matches!(f.kind, Kind::Count | Kind::Measure) {
        return false;
    }
    tail.is_some_and(|t| t == f.raw.trim())
}

/// Makes the bare whole numbers of a value list measures when other values of the list are
/// decimals. `facts` are in reading order.
pub fn harmonise(blocks: &[Block], facts: &mut [Fact]) {
    let index: std::collections::HashMap<u32, usize> =
        blocks.iter().enumerate().map(|(i, b)| (b.id, i)).collect();
    // Each block's tail is found once: a block's facts are consecutive, and a long line
    // holding thousands of figures made searching it again per figure quadratic.
    let mut tail_of: Option<(u32, Option<&str>)> = None;
    let mut is_value_line = |f: &Fact| -> bool {
        let block = f.location.block;
        let tail = match tail_of {
            Some((id, tail)) if id == block => tail,
            _ => {
                let Some(&bi) = index.get(&block) else {
                    return false;
                };
                let tail = value_tail(&blocks[bi]);
                tail_of = Some((block, tail));
                tail
            }
        };
        bare_value_line(tail, f)
    };
    let mut i = 0;
    while i < facts.len() {
        // the run of facts that are value lines of consecutive blocks
        let mut j = i;
        while j < facts.len()
            && is_value_line(&facts[j])
            && (j == i || facts[j].location.block == facts[j - 1].location.block + 1)
        {
            j += 1;
        }
        if j - i >= MIN_LINES && facts[i..j].iter().any(|f| f.kind == Kind::Measure) {
            for f in &mut facts[i..j] {
                f.kind = Kind::Measure;
            }
        }
        i = j.max(i + 1);
    }
}
