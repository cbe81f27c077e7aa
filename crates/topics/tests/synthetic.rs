//! Synthetic staff comments, written for these tests in the style of real ones: one per topic and one
//! per ask type. They check that the shipped models and cue rules reach every class, including the
//! topics the hand labels rarely show.

use corresp_model::Ask;
use corresp_topics::{FilingContext, classify_comment};

const TOPIC_CASES: &[(&str, &str, &str)] = &[
    (
        "non_gaap_measures",
        "Non-GAAP Financial Measures",
        "Your presentation of Adjusted EBITDA excludes restructuring costs. Please tell us why these are not normal, recurring, cash operating expenses. Refer to Question 100.01 of the Non-GAAP Compliance and Disclosure Interpretations.",
    ),
    (
        "mdna_key_metrics",
        "Key Metrics",
        "You present monthly active users as a key performance indicator. Please disclose how you define and calculate this metric and how management uses it. Refer to Release 33-10751.",
    ),
    (
        "mdna_results_of_operations",
        "Results of Operations",
        "Where you cite several factors for the change in gross margin, please quantify each factor, including offsetting factors, and separately discuss changes in price and volume.",
    ),
    (
        "mdna_liquidity_capital_resources",
        "Liquidity and Capital Resources",
        "Please expand your analysis of operating cash flows to explain the changes in working capital between periods and the liquidity available from your revolving credit facility.",
    ),
    (
        "critical_accounting_estimates",
        "Critical Accounting Estimates",
        "Your critical accounting estimates repeat your accounting policy. Please discuss the sensitivity of the estimate to reasonably likely changes in its assumptions and how accurate your estimates have been.",
    ),
    (
        "known_trends_uncertainties",
        "Overview",
        "Please describe any known trends or uncertainties from inflation and supply chain disruptions that are reasonably likely to have a material effect on your results.",
    ),
    (
        "revenue_recognition",
        "Revenue Recognition",
        "Please tell us how you determined you act as the principal rather than an agent for third-party products and identify each performance obligation. Refer to ASC 606-10-55-36.",
    ),
    (
        "segment_reporting",
        "Segment Information",
        "Please tell us who your CODM is and how you concluded that your operating segments may be aggregated into one reportable segment under ASC 280-10-50-11.",
    ),
    (
        "goodwill_intangibles_impairment",
        "Goodwill",
        "Please tell us whether any reporting unit had a fair value not substantially in excess of its carrying value and whether a triggering event required an interim goodwill impairment test.",
    ),
    (
        "business_combinations",
        "Acquisitions",
        "Please provide us with your purchase price allocation for the acquisition and tell us how you measured the contingent consideration and earn-out under ASC 805.",
    ),
    (
        "income_taxes",
        "Income Taxes",
        "Please explain the change in your effective tax rate and the release of the valuation allowance on deferred tax assets. Refer to ASC 740-10-50.",
    ),
    (
        "fair_value_financial_instruments",
        "Fair Value Measurements",
        "For your Level 3 measurements, please disclose the valuation technique and the significant unobservable inputs. Refer to ASC 820-10-50-2.",
    ),
    (
        "contingencies_legal_proceedings",
        "Legal Proceedings",
        "For the litigation described, please disclose an estimate of the reasonably possible loss or range of loss in excess of amounts accrued, or state that such an estimate cannot be made. Refer to ASC 450-20-50.",
    ),
    (
        "fs_presentation_classification",
        "Consolidated Statements of Cash Flows",
        "Please tell us how you concluded the business met the held for sale criteria and why its results are presented as discontinued operations under ASC 205-20.",
    ),
    (
        "consolidation_equity_method",
        "Variable Interest Entities",
        "Please tell us how you determined that you are not the primary beneficiary of the variable interest entity and why it is accounted for under the equity method. Refer to ASC 810-10.",
    ),
    (
        "accounting_changes_errors",
        "Revision of Prior Period Financial Statements",
        "You corrected an error as an immaterial revision. Please provide us with your SAB 99 materiality analysis and tell us why a restatement was not required under ASC 250.",
    ),
    (
        "stock_based_compensation",
        "Stock-Based Compensation",
        "Please tell us how you accounted for the modification of the performance share units and how you measured grant date fair value under ASC 718.",
    ),
    (
        "leases",
        "Leases",
        "Please tell us how you accounted for the sale-leaseback of your headquarters and whether it resulted in a financing obligation under ASC 842.",
    ),
    (
        "debt_equity_financing",
        "Debt",
        "Please tell us how you determined the exchange of senior notes was a modification rather than an extinguishment under ASC 470-50, and disclose your covenant requirements.",
    ),
    (
        "credit_losses_banking",
        "Allowance for Credit Losses",
        "Please expand your discussion of the allowance for credit losses on your commercial and industrial loan portfolio and the assumptions behind your deposit betas.",
    ),
    (
        "insurance",
        "Liability for Unpaid Claims",
        "Please tell us why your claims development tables by accident year show significant prior year development and how reinsurance affects the reserve. Refer to ASC 944-40-50.",
    ),
    (
        "industry_specific",
        "Mining Operations",
        "Please revise to disclose your mineral reserves and cutoff grade and file the technical report summary as Exhibit 96 under Item 1302 of Regulation S-K.",
    ),
    (
        "other_accounting_policies",
        "Inventories",
        "Please tell us how you apply the lower of cost or net realizable value to your inventories and how you capitalize software development costs.",
    ),
    (
        "internal_controls",
        "Controls and Procedures",
        "Given the material weakness you identified, please explain how management concluded that disclosure controls and procedures were effective and describe your remediation.",
    ),
    (
        "risk_factors",
        "Risk Factors",
        "Several risk factors are generic and could apply to any issuer. Please revise your risk factors to describe risks specific to you.",
    ),
    (
        "business_description",
        "Business",
        "Please provide the basis for your statement that you are the market leader and disclose your significant customer concentration and the patents you own.",
    ),
    (
        "climate_disclosure",
        "General",
        "We note more expansive disclosure in your sustainability report than in your filing. Please disclose the material effects of transition risks related to climate change and any purchases of carbon credits or offsets.",
    ),
    (
        "cybersecurity",
        "Cybersecurity",
        "Please expand your disclosure of the cybersecurity incident, including the data breach, its effect on operations, and the role of your CISO under Item 106.",
    ),
    (
        "china_based_issuers",
        "General",
        "Please disclose how cash is transferred through your organization and whether you have received the permissions required from the CSRC and CAC to operate in the PRC and Hong Kong.",
    ),
    (
        "sanctioned_countries",
        "General",
        "Please describe the nature and extent of any past, current and anticipated contacts with Syria, Sudan and North Korea, countries designated as state sponsors of terrorism.",
    ),
    (
        "crypto_assets",
        "Digital Assets",
        "Please tell us how you account for the bitcoin you hold and the crypto assets you safeguard for customers, including your consideration of SAB 121.",
    ),
    (
        "executive_compensation_governance",
        "Definitive Proxy Statement",
        "Please expand your discussion of why your board leadership structure is appropriate and how your board administers its risk oversight function.",
    ),
    (
        "registration_offering",
        "Use of Proceeds",
        "Please revise the Use of Proceeds and Dilution sections and disclose whether your exclusive forum provision applies to Securities Act claims.",
    ),
    (
        "m_and_a_transactions",
        "Background of the Merger",
        "Please revise the Background of the Merger to describe the negotiation of the exchange ratio and provide us with the board books underlying the fairness opinion of each financial advisor.",
    ),
    (
        "exhibits_and_form_requirements",
        "Exhibits",
        "Please have counsel file a revised legality opinion as Exhibit 5.1 and include an updated auditor consent as Exhibit 23.1.",
    ),
];

#[test]
fn every_topic_is_reachable() {
    let mut wrong = Vec::new();
    for (want, heading, text) in TOPIC_CASES {
        let (t, _) = classify_comment(text, &[heading.to_string()]);
        let top: Vec<String> = t.primary.iter().cloned().chain(t.others.iter().cloned()).take(3).collect();
        if !top.iter().any(|x| x == want) {
            wrong.push(format!("{want}: got {top:?}"));
        }
    }
    assert_eq!(TOPIC_CASES.len(), corresp_topics::TOPICS.len());
    // Every topic must be among the first three; most must be the primary.
    assert!(wrong.is_empty(), "{wrong:#?}");
    let primary_hits = TOPIC_CASES
        .iter()
        .filter(|(want, h, text)| {
            classify_comment(text, &[h.to_string()]).0.primary.as_deref() == Some(*want)
        })
        .count();
    assert!(primary_hits * 10 >= TOPIC_CASES.len() * 8, "only {primary_hits} primary topics right");
}

#[test]
fn every_ask_type_is_reachable() {
    let c = corresp_topics::Classifier::shipped();
    let cases: &[(Ask, FilingContext, &str)] = &[
        (
            Ask::Amend,
            FilingContext::Open,
            "Please revise your registration statement to disclose the dilution to new investors.",
        ),
        (
            Ask::Disclose,
            FilingContext::Periodic,
            "Please revise future filings to disclose the amount of each factor that contributed to the change.",
        ),
        (
            Ask::Support,
            FilingContext::Periodic,
            "Please provide us with your analysis of how you considered ASC 810-10-25-38A in concluding that you are not the primary beneficiary.",
        ),
        (
            Ask::Explain,
            FilingContext::Periodic,
            "Please describe to us the circumstances of the fourth-quarter charge and tell us when it was recorded.",
        ),
        (
            Ask::Confirm,
            FilingContext::Periodic,
            "Please confirm to us, if true, that the contacts described were immaterial in each period.",
        ),
        (
            Ask::Other,
            FilingContext::Periodic,
            "We are continuing to evaluate your response to prior comment 3 and may have further comment.",
        ),
    ];
    for (want, ctx, text) in cases {
        let (_, got) = c.comment(text, &[], *ctx);
        assert_eq!(got, *want, "{text}");
    }
}

#[test]
fn rules_alone_reach_every_ask_type() {
    use corresp_topics::rule_ask;
    assert_eq!(rule_ask("Please revise the prospectus cover page.", &[], FilingContext::Open), Ask::Amend);
    assert_eq!(
        rule_ask("In future filings, please disclose the terms.", &[], FilingContext::Periodic),
        Ask::Disclose
    );
    assert_eq!(
        rule_ask("Explain why this treatment is appropriate.", &[], FilingContext::Periodic),
        Ask::Support
    );
    assert_eq!(rule_ask("Tell us the amount.", &[], FilingContext::Periodic), Ask::Explain);
    assert_eq!(rule_ask("Please confirm this.", &[], FilingContext::Periodic), Ask::Confirm);
    assert_eq!(rule_ask("We note the change.", &[], FilingContext::Periodic), Ask::Other);
    // Softer verbs ask for disclosure only where the filing can still change.
    assert_eq!(rule_ask("Please describe the terms.", &[], FilingContext::Open), Ask::Amend);
    assert_eq!(rule_ask("Please describe the terms.", &[], FilingContext::Periodic), Ask::Explain);
    // A conditional request does not outrank the main one; of "X, or Y" only X counts.
    assert_eq!(
        rule_ask("Tell us the amounts. If material, revise to disclose them.", &[], FilingContext::Periodic),
        Ask::Explain
    );
    assert_eq!(
        rule_ask(
            "Please provide us with your analysis of ASC 810, or revise to consolidate the entity.",
            &[],
            FilingContext::Open
        ),
        Ask::Support
    );
    // "Confirm that you will revise future filings" is a disclosure request.
    assert_eq!(
        rule_ask(
            "Please confirm that you will revise future filings to disclose the rate.",
            &[],
            FilingContext::Periodic
        ),
        Ask::Disclose
    );
}

#[test]
fn answer_rules_read_the_outcome() {
    use corresp_model::AnswerType;
    use corresp_topics::rule_answer;
    let staff_asked_disclosure = "Please revise your disclosure to quantify each factor.";
    assert_eq!(
        rule_answer(
            "In response to the Staff's comment, the Company has revised the disclosure on page 54.",
            "",
            false,
            false
        ),
        AnswerType::Revised
    );
    assert_eq!(
        rule_answer("The Company will revise its disclosure in future filings as follows.", "", false, false),
        AnswerType::WillRevise
    );
    assert_eq!(
        rule_answer(
            "The Company has revised the disclosure on page 3 and will include the table in future filings.",
            "",
            false,
            false
        ),
        AnswerType::Mixed
    );
    assert_eq!(
        rule_answer(
            "The Company respectfully submits that no additional disclosure is required because the amounts are not material to its results.",
            staff_asked_disclosure,
            false,
            false
        ),
        AnswerType::Declined
    );
    // The same words answer a question when the staff only asked to be told.
    assert_eq!(
        rule_answer(
            "The Company respectfully advises the Staff that the amounts are not material to its results.",
            "Please tell us the amounts.",
            false,
            false
        ),
        AnswerType::ProvidedInfo
    );
}

#[test]
fn a_letter_gets_its_labels() {
    let mut letter = corresp_model::Letter {
        filings: vec![corresp_model::Filing { form: "S-4".into(), ..Default::default() }],
        comments: vec![corresp_model::Comment {
            ordinal: 1,
            text: TOPIC_CASES[33].2.into(),
            headings: vec!["Background of the Merger".into()],
            ..Default::default()
        }],
        responses: vec![corresp_model::Response {
            ordinal: 1,
            text: "In response to the Staff's comment, the Company has revised the disclosure on page 54 of Amendment No. 1.".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    corresp_topics::classify_letter(&mut letter);
    let c = &letter.comments[0];
    assert_eq!(c.topics.as_ref().and_then(|t| t.primary.as_deref()), Some("m_and_a_transactions"));
    assert_eq!(c.ask, Some(Ask::Amend));
    assert_eq!(letter.responses[0].answer, Some(corresp_model::AnswerType::Revised));
}

#[test]
fn empty_and_odd_text_does_not_panic() {
    for t in ["", " ", "1.", "\u{0}\u{ffff}", &"x".repeat(100_000)] {
        let _ = classify_comment(t, &[]);
        let _ = corresp_topics::classify_answer(&corresp_model::Response {
            text: t.into(),
            ..Default::default()
        });
    }
}

#[test]
fn answers_are_read_part_by_part_in_their_filing_context() {
    use corresp_model::AnswerType::{Declined, Mixed, ProvidedInfo, Revised, WillRevise};
    use corresp_topics::rule_answer_parts;
    let none = "";
    // The same promise revises an open registration statement and a later periodic report.
    let promise = "In response to the Staff's comment, the Company will revise the disclosure on page 12.";
    assert_eq!(rule_answer_parts(promise, none, false, false, FilingContext::Open), (Revised, vec![]));
    assert_eq!(rule_answer_parts(promise, none, false, false, FilingContext::Periodic), (WillRevise, vec![]));
    // A change now and a promise for later filings: mixed, parts in the contract's order.
    assert_eq!(
        rule_answer_parts(
            "The Company has revised the disclosure on page 3 of Amendment No. 1 and will include the table in future filings.",
            none,
            false,
            false,
            FilingContext::Open
        ),
        (Mixed, vec![Revised, WillRevise])
    );
    // A change already made in a later report leaves the reviewed 10-K unchanged.
    assert_eq!(
        rule_answer_parts(
            "Beginning with our Form 10-Q for the quarter ended March 31, 2024, we revised the presentation as requested.",
            none,
            false,
            false,
            FilingContext::Periodic
        ),
        (WillRevise, vec![])
    );
    // Refilling an exhibit while refusing to change a description: revised and declined.
    assert_eq!(
        rule_answer_parts(
            "We have refiled the Credit Agreement as Exhibit 10.8 with the schedule attached. We do not believe changes are needed to the existing description of the facility.",
            "Please file the complete agreement and revise the description of the facility.",
            false,
            false,
            FilingContext::Open
        ),
        (Mixed, vec![Revised, Declined])
    );
    // Refusals only count where the staff asked for a change.
    let refusal =
        "The Company respectfully advises the Staff that it has not identified any material effects.";
    assert_eq!(
        rule_answer_parts(
            refusal,
            "To the extent material, discuss the effects.",
            false,
            false,
            FilingContext::Periodic
        ),
        (Declined, vec![])
    );
    assert_eq!(
        rule_answer_parts(refusal, "Please tell us the effects.", false, false, FilingContext::Periodic),
        (ProvidedInfo, vec![])
    );
}

#[test]
fn letters_get_answer_parts_only_for_mixed_answers() {
    let mut letter = corresp_model::Letter {
        kind: corresp_model::LetterKind::Response,
        filings: vec![corresp_model::Filing { form: "10-K".into(), ..Default::default() }],
        responses: vec![
            corresp_model::Response {
                ordinal: 1,
                text: "The Company will revise its disclosure in future filings to quantify each factor.".into(),
                ..Default::default()
            },
            corresp_model::Response {
                ordinal: 2,
                text: "The Company has filed Amendment No. 1 to the Form 10-K with the corrected consent as Exhibit 23.1 and will include the reference in future filings.".into(),
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    corresp_topics::classify_letter(&mut letter);
    let r = &letter.responses;
    assert_eq!(r[0].answer, Some(corresp_model::AnswerType::WillRevise));
    assert!(r[0].answer_parts.is_empty());
    // The parser found no commitment (these responses were built by hand); the answer type sets it.
    assert!(r[0].commits_to_revise);
    if r[1].answer == Some(corresp_model::AnswerType::Mixed) {
        assert!(r[1].answer_parts.len() >= 2, "{:?}", r[1].answer_parts);
    } else {
        assert!(r[1].answer_parts.is_empty());
    }
    let json = serde_json::to_value(&r[0]).expect("serialises");
    assert_eq!(json["answer_parts"], serde_json::json!([]));
}
