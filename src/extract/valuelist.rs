//! Lists of "label : value" lines that give one kind of figure: the coefficients of a bonus
//! scheme ("Cá nhân hoàn thành nhiệm vụ : 1", "Cá nhân được tặng giấy khen : 1.3"). A bare
//! whole number there is a coefficient like its neighbours, not a count of nothing.

use crate::model::{Block, Fact, Kind};

/// Fewest lines that make a list.
const MIN_LINES: usize = 3;

/// True when the fact is the whole value of a "label : value" line, without a unit.
fn bare_value_line(b: &Block, f: &Fact) -> bool {
    if f.unit.is_some() || !matches!(f.kind, Kind::Count | Kind::Measure) {
        return false;
    }
    let Some((_, tail)) = b.text.rsplit_once(':') else {
        return false;
    };
    tail.trim().trim_end_matches('.') == f.raw.trim()
}

/// Makes the bare whole numbers of a value list measures when other values of the list are
/// decimals. `facts` are in reading order.
pub fn harmonise(blocks: &[Block], facts: &mut [Fact]) {
    let index: std::collections::HashMap<u32, usize> =
        blocks.iter().enumerate().map(|(i, b)| (b.id, i)).collect();
    let block_of = |f: &Fact| index.get(&f.location.block).map(|&i| &blocks[i]);
    let mut i = 0;
    while i < facts.len() {
        // the run of facts that are value lines of consecutive blocks
        let mut j = i;
        while j < facts.len()
            && block_of(&facts[j]).is_some_and(|b| bare_value_line(b, &facts[j]))
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
