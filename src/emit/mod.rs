//! Output: JSON Lines on stdout, or one JSON file per input written atomically.
