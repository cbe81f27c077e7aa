//! The topic ids of `shared/taxonomy.md` and the cue phrases it lists for each.
//!
//! Cues are a prior, not the classifier: they carry the topics that the hand labels rarely or never
//! show (crypto, cybersecurity, leases, ...) and the model learns how much to trust them elsewhere.

use std::sync::OnceLock;

use regex::bytes::{Regex, RegexSet, RegexSetBuilder};

/// Every topic id, in the taxonomy's order (families A to D).
pub const TOPICS: [&str; 35] = [
    "non_gaap_measures",
    "mdna_key_metrics",
    "mdna_results_of_operations",
    "mdna_liquidity_capital_resources",
    "critical_accounting_estimates",
    "known_trends_uncertainties",
    "revenue_recognition",
    "segment_reporting",
    "goodwill_intangibles_impairment",
    "business_combinations",
    "income_taxes",
    "fair_value_financial_instruments",
    "contingencies_legal_proceedings",
    "fs_presentation_classification",
    "consolidation_equity_method",
    "accounting_changes_errors",
    "stock_based_compensation",
    "leases",
    "debt_equity_financing",
    "credit_losses_banking",
    "insurance",
    "industry_specific",
    "other_accounting_policies",
    "internal_controls",
    "risk_factors",
    "business_description",
    "climate_disclosure",
    "cybersecurity",
    "china_based_issuers",
    "sanctioned_countries",
    "crypto_assets",
    "executive_compensation_governance",
    "registration_offering",
    "m_and_a_transactions",
    "exhibits_and_form_requirements",
];

/// Cue patterns per topic (same order as [`TOPICS`]), written from the taxonomy's "cues" column.
const CUES: [&str; 35] = [
    r"non-?gaap|item 10\(e\)|regulation g\b|equal or greater prominence|normal, recurring, cash operating|individually tailored|adjusted ebitda|\bffo\b|free cash flow|constant currency|102\.10|100\.01|100\.04",
    r"key (performance )?(metrics|indicators)|33-10751|monthly active|\bgmv\b|\bgov\b|revpar|comparable (store|sales)|retention|take rate|\bkpis?\b|operating metric",
    r"results of operations|item 303\(b\)\(2\)|quantify|offsetting factors|price and volume|primarily due to|variance factor|period[- ]to[- ]period|year[- ]over[- ]year",
    r"liquidity|capital resources|cash flows? (from|provided by|used in) operating|operating cash flow|contractual obligations|capital expenditures|going concern|working capital|supplier financ|factoring",
    r"critical accounting (estimates|policies)|303\(b\)\(3\)|sensitivity|reasonably likely changes|how accurate",
    r"known trends?|uncertaint|reasonably likely to have a material|inflation|supply chain|covid|russia|ukraine|macroeconomic|interest rates",
    r"asc 60[56]|\b60[56]-10|performance obligation|principal versus agent|as a principal|as an agent|gross basis|standalone selling|disaggregat|remaining performance|transaction price|variable consideration|revenue recognition|340-40",
    r"asc 280|\b280-10|\bcodm\b|chief operating decision maker|reportable segment|operating segment|segment (profit|measure)|aggregat(e|ion) (of )?(operating )?segments",
    r"goodwill|reporting unit|impairment|triggering event|asc 350|\b350-[23]0|\b360-10|indefinite[- ]lived|useful li(fe|ves)|intangible",
    r"asc 805|\b805-|purchase price allocation|earn-?out|contingent consideration|asset acquisition|rule 3-05|1-02\(w\)|significance test|article 11|pro forma",
    r"asc 740|\b740-|income tax|effective tax rate|valuation allowance|indefinitely reinvested|deferred tax|unrecognized tax|tax matters agreement|4-08\(h\)",
    r"asc 820|\b820-10|fair value|level 3|valuation technique|unobservable input|asc 815|\b815-|derivative|hedg|item 305|market risk",
    r"asc 450|\b450-20|loss contingenc|reasonably possible|range of loss|legal proceedings|item 103|litigation|lawsuit|settlement|asbestos|\bfcpa\b|asc 460|guarantee|asc 440|environmental",
    r"rule 5-0[234]|5-03\(b\)|asc 230|statements? of cash flows|cash flow classification|asc 205|held for sale|discontinued operations|asc 220|comprehensive income|asc 260|earnings per share|4-08\(k\)|schedule ii|net parent investment|carve-out|line item|caption",
    r"asc 810|\b810-10|variable interest entit|primary beneficiary|deconsolidat|noncontrolling interest|asc 323|\b323-10|equity method|rule 3-09|4-08\(g\)",
    r"asc 250|\b250-10|restat|immaterial error|\berrors?\b|sab 99|sab 108|topic 1:?m|rollover|iron curtain|item 4\.02|change in (accounting )?(estimate|principle)|11\.?m\b|not yet adopted|out-of-period",
    r"asc 718|\b718-|stock[- ]based compensation|share[- ]based|grant[- ]date fair value|cheap stock|carried interest|profits interest|stock options?|performance share",
    r"asc 84[02]|\b842-|\blease|lessor|lessee|sale[- ]leaseback|financing obligation",
    r"asc 470|\b470-|extinguishment|covenant|credit agreement|credit facility|guarantor|rule 13-01|exhibit 22|asc 860|convertible|warrant|preferred stock|class b|indebtedness|senior notes",
    r"asc 326|allowance for (credit|loan)|loan portfolio|commercial and industrial|deposit|\bccar\b|capital plan|subpart 1400|guide 3|net interest income|troubled debt|\btdr\b",
    r"asc 944|\b944-|claims development|accident year|prior year development|loss adjustment|\bulae\b|reinsurance|article 7|policyholder|insurance (operations|contracts|reserves)",
    r"item 130\d|601\(b\)\(96\)|mineral|cutoff grade|technical report|subpart 1200|rule 4-10|proved reserves|standardized measure|\breit\b|rule 3-14|asc 980|regulatory assets",
    r"asc 330|\binventor(y|ies)|lower of cost|net realizable value|property(,)? (plant )?and equipment|asc 350-40|capitalized software|asc 830|foreign currency translation|asc 715|pension|research and development|government assistance",
    r"item 30[78]|internal control over financial reporting|disclosure controls|material weakness|significant deficienc|remediat",
    r"item 105|risk factors?|generic",
    r"item 10[12]\b|101\(c\)|prospectus summary|basis for (your|the) (estimate|statement|claim)|market (and|or) industry data|significant customer|patents?|\bfda\b|third-party payers|backlog|human capital|item 2\. properties|properties|competitive (position|strengths)|substantiate",
    r"climate|greenhouse|\bcsr\b|sustainability report|transition risks?|physical effects|weather|carbon (credits|offsets)|33-9106",
    r"item 106|item 1\.05|cyber|data breach|\bciso\b|security incident",
    r"china-based|\bprc\b|people's republic|hong kong|macao|macau|\bhfcaa\b|\bcsrc\b|\bcac\b|china",
    r"state sponsors? of terrorism|syria|sudan|\biran\b|north korea|\bcuba\b|economic sanctions|export controls|divestment|section 13\(r\)|dual[- ]use|\bofac\b",
    r"crypto|bitcoin|digital asset|sab 121|asu 2023-08|blockchain",
    r"item 40[2347]|leadership structure|risk oversight|lead (independent )?director|independent chair|compensation discussion and analysis|non-equity incentive|recovery policy|clawback|employment agreement|pay versus performance|named executive|summary compensation|related (person|party) transactions?|beneficial ownership",
    r"use of proceeds|dilution|capitalization|underwrit|plan of distribution|exclusive forum|forum selection|section 22 of the securities act|description of (capital stock|securities)|emerging growth|test[- ]the[- ]waters|rule 163b|section 5\(d\)|experts|rule 430a?|cover page|selling (stockholders|shareholders)",
    r"background of the (merger|transaction|offer)|opinion of .{0,40}(financial )?advisor|fairness opinion|board books|projections|synerg|exchange ratio|merger agreement|schedule to\b|tender offer|rule 13e-|rule 14e-|rule 14d-|regulation m-a|item 10(10|15)|13e-3|rule 14a-9|proxy card|participants|soliciting material|reasons for the merger|interests of .{0,30}directors",
    r"item 601|exhibit \d|consent|tax opinion|legal(ity)? opinion|short-form opinion|slb 19|confidential treatment|redact|rule 406|rule 24b-2|report of independent registered|pcaob|interactive data|xbrl|principal executive offices|certification|signature|item 1\.01",
];

fn cue_set() -> &'static RegexSet {
    static SET: OnceLock<RegexSet> = OnceLock::new();
    SET.get_or_init(|| {
        // The patterns are constants of this file: a failure here is a programming error caught by
        // the unit tests, never a user-input problem.
        // A lazy DFA cache big enough for all 35 cue alternations at once: with the default
        // 2 MB it is cleared and rebuilt again and again within one letter. Bounded all the same
        // (one cache per ingest thread): memory must not grow with the corpus.
        RegexSetBuilder::new(CUES.iter().map(|c| cue_pattern(c)))
            .dfa_size_limit(16 << 20)
            .build()
            .expect("topic cue patterns compile")
    })
}

/// A cue as compiled: with ASCII word boundaries, matched against ASCII-lowercased text. A Unicode
/// `\b` keeps the regex engine off its fast automata (it fell back to the PikeVM, which cost 40 % of
/// an ingest), and Unicode case folding (`(?i)` also matching the Kelvin sign for `k`) made the lazy
/// DFA build states all through an ingest; the cues are lowercase ASCII words (a unit test says so),
/// so lowercasing the text first means the same. Matched on bytes with ASCII classes, as the answer
/// cue tables are: an ingest of the DEV corpus peaks 27 MB lower (160 to 133 MB).
fn cue_pattern(cue: &str) -> String {
    crate::features::ascii_pattern(cue)
}

fn cue_regexes() -> &'static [Regex] {
    static RES: OnceLock<Vec<Regex>> = OnceLock::new();
    RES.get_or_init(|| {
        CUES.iter().map(|c| Regex::new(&cue_pattern(c)).expect("topic cue patterns compile")).collect()
    })
}

/// How many cue matches each topic has in `text` (same order as [`TOPICS`]), case-insensitively.
pub fn cue_counts(text: &str) -> [u32; 35] {
    let mut out = [0u32; 35];
    let text = text.to_ascii_lowercase();
    let hits = cue_set().matches(text.as_bytes());
    for i in hits.iter() {
        out[i] = cue_regexes()[i].find_iter(text.as_bytes()).count().min(5) as u32;
    }
    out
}

/// The position of a topic id in [`TOPICS`].
pub fn topic_index(id: &str) -> Option<usize> {
    TOPICS.iter().position(|t| *t == id)
}

#[cfg(test)]
mod tests {
    //! Cue patterns compile and fire on the phrases the taxonomy names.
    use super::*;

    #[test]
    fn cues_are_lowercase_ascii_so_lowercased_text_matches_them() {
        for c in CUES {
            let letters = c.replace(r"\b", "").replace(r"\d", "").replace(r"\s", "").replace(r"\w", "");
            assert!(letters.is_ascii() && !letters.chars().any(|ch| ch.is_ascii_uppercase()), "{c}");
        }
        assert_eq!(cue_counts("Our NON-GAAP Measures")[0], 1, "case does not matter");
    }

    #[test]
    fn every_topic_has_a_cue_that_fires() {
        let probes = [
            "non-GAAP",
            "key metrics",
            "results of operations",
            "liquidity",
            "critical accounting estimates",
            "known trends",
            "performance obligation",
            "CODM",
            "goodwill",
            "ASC 805",
            "valuation allowance",
            "Level 3",
            "reasonably possible",
            "held for sale",
            "primary beneficiary",
            "restatement",
            "ASC 718",
            "lessor",
            "covenant",
            "allowance for credit losses",
            "claims development",
            "proved reserves",
            "inventory",
            "material weakness",
            "risk factor",
            "prospectus summary",
            "climate",
            "cybersecurity",
            "PRC",
            "Syria",
            "bitcoin",
            "risk oversight",
            "use of proceeds",
            "fairness opinion",
            "Exhibit 5",
        ];
        for (i, p) in probes.iter().enumerate() {
            assert!(cue_counts(p)[i] > 0, "{} does not fire on {p:?}", TOPICS[i]);
        }
    }
}
