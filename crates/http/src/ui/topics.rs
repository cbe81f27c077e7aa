//! Topic names as people say them ("Non-GAAP measures", not `non_gaap_measures`), from the
//! taxonomy (`../shared/taxonomy.md`), and the reverse: what a person types in a topic filter
//! ("non-GAAP", "segments", an id) read as the topic's id.

/// `(id, name)` of every topic of the taxonomy.
pub(crate) const TOPICS: &[(&str, &str)] = &[
    ("non_gaap_measures", "Non-GAAP measures"),
    ("mdna_key_metrics", "Key metrics (MD&A)"),
    ("mdna_results_of_operations", "Results of operations (MD&A)"),
    ("mdna_liquidity_capital_resources", "Liquidity and capital resources (MD&A)"),
    ("critical_accounting_estimates", "Critical accounting estimates"),
    ("known_trends_uncertainties", "Known trends and uncertainties"),
    ("revenue_recognition", "Revenue recognition"),
    ("segment_reporting", "Segment reporting"),
    ("goodwill_intangibles_impairment", "Goodwill and intangibles impairment"),
    ("business_combinations", "Business combinations"),
    ("income_taxes", "Income taxes"),
    ("fair_value_financial_instruments", "Fair value and financial instruments"),
    ("contingencies_legal_proceedings", "Contingencies and legal proceedings"),
    ("fs_presentation_classification", "Financial statement presentation"),
    ("consolidation_equity_method", "Consolidation and equity method"),
    ("accounting_changes_errors", "Accounting changes and errors"),
    ("stock_based_compensation", "Stock-based compensation"),
    ("leases", "Leases"),
    ("debt_equity_financing", "Debt and equity financing"),
    ("credit_losses_banking", "Credit losses and banking"),
    ("insurance", "Insurance"),
    ("industry_specific", "Industry-specific rules"),
    ("other_accounting_policies", "Other accounting policies"),
    ("internal_controls", "Internal controls"),
    ("risk_factors", "Risk factors"),
    ("business_description", "Business description"),
    ("climate_disclosure", "Climate disclosure"),
    ("cybersecurity", "Cybersecurity"),
    ("china_based_issuers", "China-based issuers"),
    ("sanctioned_countries", "Sanctioned countries"),
    ("crypto_assets", "Crypto assets"),
    ("executive_compensation_governance", "Executive compensation and governance"),
    ("registration_offering", "Registration and offerings"),
    ("m_and_a_transactions", "M&A transactions"),
    ("exhibits_and_form_requirements", "Exhibits and form requirements"),
    // Ids of earlier models some stores still hold.
    ("mdna_results", "Results of operations (MD&A)"),
    ("segments", "Segment reporting"),
];

/// The topic's name; an id the table lacks in words ("some_topic" is "some topic").
pub(crate) fn topic_name(id: &str) -> String {
    TOPICS.iter().find(|(i, _)| *i == id).map(|(_, n)| n.to_string()).unwrap_or_else(|| id.replace('_', " "))
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The topic id a person means by `typed`: an id, a name, or a word of one ("non-GAAP",
/// "segment"); `typed` itself when nothing matches (the filter then finds nothing, and says so).
pub(crate) fn topic_id(typed: &str) -> String {
    let t = typed.trim();
    let k = squash(t);
    if k.is_empty() {
        return t.to_string();
    }
    if let Some((id, _)) = TOPICS.iter().find(|(i, n)| squash(i) == k || squash(n) == k) {
        return id.to_string();
    }
    let hits: Vec<&str> = TOPICS
        .iter()
        .filter(|(i, n)| squash(n).contains(&k) || squash(i).contains(&k))
        .map(|(i, _)| *i)
        .collect();
    match hits.first() {
        Some(id) if k.len() >= 3 => id.to_string(),
        _ => t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_both_ways() {
        assert_eq!(topic_name("non_gaap_measures"), "Non-GAAP measures");
        assert_eq!(topic_id("non-GAAP"), "non_gaap_measures");
        assert_eq!(topic_id("Non-GAAP measures"), "non_gaap_measures");
        assert_eq!(topic_id("non_gaap_measures"), "non_gaap_measures");
        assert_eq!(topic_id("segment reporting"), "segment_reporting");
        assert_eq!(topic_id("leases"), "leases");
        assert_eq!(topic_name("odd_one"), "odd one");
    }
}
