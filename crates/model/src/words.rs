//! Words letters spell numbers and dates with: one owner for the parser, the thread record and the
//! review page, which all read "prior comment two" and "our letter dated March 5, 2024".

const NUMBER_WORDS: [&str; 20] = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The number a word spells ("two" → 2), one to twenty, any case.
pub fn number_word(w: &str) -> Option<u32> {
    NUMBER_WORDS.iter().position(|x| x.eq_ignore_ascii_case(w)).map(|i| i as u32 + 1)
}

/// The month a word names ("March" → 3), any case.
pub fn month_number(w: &str) -> Option<u32> {
    MONTHS.iter().position(|x| x.eq_ignore_ascii_case(w)).map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_months() {
        assert_eq!(number_word("Two"), Some(2));
        assert_eq!(number_word("twenty"), Some(20));
        assert_eq!(number_word("none"), None);
        assert_eq!(month_number("MARCH"), Some(3));
        assert_eq!(month_number("mar"), None);
    }
}
