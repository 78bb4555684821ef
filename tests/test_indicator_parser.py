"""Every printed form of an indicator mention in the seeds, parsed into code, prefix, category, name.

Each case is a cell copied from a seed (file and line in the id), checked against the document.
"""

import pytest

from pipeline.linking.mentions import parse_mention, split_indicators

FORMS = [
    # (form, printed, code, public, corporate_plan, category, name)
    (
        "code_underscore",  # 000 line 232
        "HRS206_Percentage of Incorrect Salary Payments. Target: 0.36%",
        "HRS206",
        False,
        False,
        None,
        "Percentage of Incorrect Salary Payments",
    ),
    (
        "code_space",  # 000 line 83
        "PIS223 Average ranking of West Lothian Council in the Local Government Benchmarking Framework "
        "(LGBF)",
        "PIS223",
        False,
        False,
        None,
        "Average ranking of West Lothian Council in the Local Government Benchmarking Framework (LGBF)",
    ),
    (
        "code_underscore_space",  # 000 line 778
        "PIS010_ Total number of complaints received by the Performance and Improvement Service",
        "PIS010",
        False,
        False,
        None,
        "Total number of complaints received by the Performance and Improvement Service",
    ),
    (
        "public_prefix",  # 000 line 762
        "P:HRS516_Percentage of internal customers who rated the overall quality of service delivery by "
        "Human Resources service as good or excellent",
        "HRS516",
        True,
        False,
        None,
        "Percentage of internal customers who rated the overall quality of service delivery by "
        "Human Resources service as good or excellent",
    ),
    (
        "public_prefix_with_space",  # 001 line 92
        "P: HQSARC25_Average length of time (days) in temporary or emergency accommodation - All Types",
        "HQSARC25",
        True,
        False,
        None,
        "Average length of time (days) in temporary or emergency accommodation - All Types",
    ),
    (
        "corporate_plan_prefix",  # 000 line 788
        "CP:CC084_ Percentage of customers achieving end-to-end transactions on the website",
        "CC084",
        False,
        True,
        None,
        "Percentage of customers achieving end-to-end transactions on the website",
    ),
    (
        "corporate_plan_prefix_with_space_and_target_words_in_name",  # 000 line 240
        "CP: HRS103 Number of reportable incidents to the Health and Safety Executive and annual 5% target "
        "reduction. Target: 35",
        "HRS103",
        False,
        True,
        None,
        "Number of reportable incidents to the Health and Safety Executive and annual 5% target reduction",
    ),
    (
        "category_glued_to_name",  # 000 line 593
        "PIS560_9b.1cThe percentage of corporate staff actively using the Electronic Content Management "
        "(ECM) "
        "system by year Target: 85%",
        "PIS560",
        False,
        False,
        "9b.1c",
        "The percentage of corporate staff actively using the Electronic Content Management (ECM) system "
        "by year",
    ),
    (
        "category_underscore_both_sides",  # 000 line 682
        "CC088_9b.6_Total number of website visits: Target: 2,500,000",
        "CC088",
        False,
        False,
        "9b.6",
        "Total number of website visits",
    ),
    (
        "category_then_space",  # 001 line 770
        "P:HQSARC01_6a.7 Percentage of tenants who are satisfied with the overall service from Housing and "
        "Building Services.",
        "HQSARC01",
        True,
        False,
        "6a.7",
        "Percentage of tenants who are satisfied with the overall service from Housing and Building Services",
    ),
    (
        "category_without_dot",  # 001 line 792
        "P:HQSFIN058_9a1a Unit cost of Housing Needs Prevention and Assessment Service.",
        "HQSFIN058",
        True,
        False,
        "9a1a",
        "Unit cost of Housing Needs Prevention and Assessment Service",
    ),
    (
        "category_then_dash",  # 001 line 85
        "CP:HQS080_9b.1a- Number of active antisocial cases",
        "HQS080",
        False,
        True,
        "9b.1a",
        "Number of active antisocial cases",
    ),
    (
        "category_then_spaced_dash",  # 001 line 83
        "CP:HSD309_9b - The Number of New Affordable Homes Delivered",
        "HSD309",
        False,
        True,
        "9b",
        "The Number of New Affordable Homes Delivered",
    ),
    (
        "code_with_dot_and_space_category_no_name",  # 001 line 83, the cell ends there
        "P:HQSARC20.2 9b",
        "HQSARC20.2",
        True,
        False,
        "9b",
        "",
    ),
    (
        "code_with_two_decimals",  # 001 line 579
        "HQSARC25.10_Average length of time in temporary or emergency accommodation - All types Target: 90",
        "HQSARC25.10",
        False,
        False,
        None,
        "Average length of time in temporary or emergency accommodation - All types",
    ),
    (
        "code_with_numbered_part",  # 001 line 576
        "SOA1307_12 Number of applicants where homelessness is prevented Target: 260 households prevented",
        "SOA1307_12",
        False,
        False,
        None,
        "Number of applicants where homelessness is prevented",
    ),
    (
        "code_mixed_case",  # 001 line 111
        "CuCS007a_Percentage of customers who rated the overall quality of Customer and Communities "
        "Service as "
        "good or excellent",
        "CuCS007a",
        False,
        False,
        None,
        "Percentage of customers who rated the overall quality of Customer and Communities Service as good "
        "or excellent",
    ),
    (
        "code_lower_case_start",  # 001 line 299
        "cspASP040_Number of visits made - monthly comparison with last year Target: 1,140",
        "cspASP040",
        False,
        False,
        None,
        "Number of visits made - monthly comparison with last year",
    ),
    (
        "code_lower_case_inside",  # 001 line 298
        "SSPi20a_The average time (hours) between the time of the complaint and attendance on site Target: "
        "1 hour",
        "SSPi20a",
        False,
        False,
        None,
        "The average time (hours) between the time of the complaint and attendance on site",
    ),
    (
        "sshc_indicator_underscore",  # 001 line 282
        "SSHC Indicator 34_The percentage of void rent lost through properties being empty Target: 0.60%",
        "SSHC34",
        False,
        False,
        None,
        "The percentage of void rent lost through properties being empty",
    ),
    (
        "sshc_indicator_space",  # 001 line 297
        "SSHC Indicator 17 Percentage of tenants satisfied with the management of the neighbourhood that "
        "they "
        "live in Target: 79%",
        "SSHC17",
        False,
        False,
        None,
        "Percentage of tenants satisfied with the management of the neighbourhood that they live in",
    ),
    (
        "new_indicator",  # 001 line 88
        "New indicator HQS083_ 9b Number of resolved antisocial behaviour cases within locally agreed "
        "targets",
        "HQS083",
        False,
        False,
        "9b",
        "Number of resolved antisocial behaviour cases within locally agreed targets",
    ),
    (
        "target_without_colon",  # 001 line 440
        "HQSCOM009_ Percentage of complaints received by HCBS upheld/partially upheld against total no of "
        "complaints closed in full Target 50%",
        "HQSCOM009",
        False,
        False,
        None,
        "Percentage of complaints received by HCBS upheld/partially upheld against total no of complaints "
        "closed in full",
    ),
    (
        "target_without_space",  # 001 line 577
        "HQSHOM006_Number of households initially presenting as homeless or potentially homeless "
        "Target:333 per quarter",
        "HQSHOM006",
        False,
        False,
        None,
        "Number of households initially presenting as homeless or potentially homeless",
    ),
    (
        "target_after_colon_name",  # 001 line 698
        "CSC081a_Unit cost of each Careline customer contact: Target £3.47",
        "CSC081a",
        False,
        False,
        None,
        "Unit cost of each Careline customer contact",
    ),
    (
        "name_starting_with_target",  # 000 line 446
        "LS072_Target Percentage of committee action notes issued within target. Target: 100%",
        "LS072",
        False,
        False,
        None,
        "Target Percentage of committee action notes issued within target",
    ),
    (
        "target_footnote",  # 001 line 780
        "HQSPC045_9b.1c Monthly number of system admin requests received from users *Target changed at "
        "months "
        "6 & 12 to include additional user request not previously reported",
        "HQSPC045",
        False,
        False,
        "9b.1c",
        "Monthly number of system admin requests received from users",
    ),
    (
        "link_text_before_code",  # 001 line 99
        "CustomerServiceStrategy CSC059a_Percentage of customers who rated the overall quality of the CSC as "
        "good or excellent",
        "CSC059a",
        False,
        False,
        None,
        "Percentage of customers who rated the overall quality of the CSC as good or excellent",
    ),
    (
        "no_code",  # 000 line 77
        "Percentage of employees who strongly agree or agree that they get the training, learning and "
        "development "
        "they need to do their job effectively.",
        None,
        False,
        False,
        None,
        "Percentage of employees who strongly agree or agree that they get the training, learning and "
        "development "
        "they need to do their job effectively",
    ),
    (
        "no_code_target_in_brackets",  # 003 line 134
        "LLPG Completeness (National Gold Target = 99.00%)",
        None,
        False,
        False,
        None,
        "LLPG Completeness",
    ),
]


@pytest.mark.parametrize(
    ("printed", "code", "public", "corporate_plan", "category", "name"),
    [form[1:] for form in FORMS],
    ids=[form[0] for form in FORMS],
)
def test_printed_form(printed, code, public, corporate_plan, category, name):
    mention = parse_mention(printed)
    assert (mention.code, mention.public, mention.corporate_plan, mention.category, mention.name) == (
        code,
        public,
        corporate_plan,
        category,
        name,
    )


def test_new_indicator_is_flagged():
    assert parse_mention("New indicator HQS083_ 9b Number of resolved antisocial behaviour cases").new
    assert not parse_mention("HQS085_6a Percentage of customers satisfied with Safer Neighbourhood Team").new


def test_cell_with_three_indicators_is_split():
    # 001 line 83: three indicators in one cell, the last one cut off after its category
    cell = (
        "CP:HSD309_9b - The Number of New Affordable Homes Delivered HQSHOM006_9b.1a - Number of households "
        "initially presenting as homeless or potentially homeless. P:HQSARC20.2 9b"
    )
    parsed = [parse_mention(text) for text, _ in split_indicators(cell)]
    assert [(m.code, m.category, m.name) for m in parsed] == [
        ("HSD309", "9b", "The Number of New Affordable Homes Delivered"),
        (
            "HQSHOM006",
            "9b.1a",
            "Number of households initially presenting as homeless or potentially homeless",
        ),
        ("HQSARC20.2", "9b", ""),
    ]


def test_cell_with_two_indicators_and_targets_is_split():
    # 001 lines 279-280, the activity budget's Performance Indicator and Target cell
    cell = (
        "BUSMT015_Average cost of housing emergency repair Target: £70 "
        "BUSMT016_Average cost of housing non- emergency repair Target: £106"
    )
    assert split_indicators(cell) == [
        ("BUSMT015_Average cost of housing emergency repair", "£70"),
        ("BUSMT016_Average cost of housing non- emergency repair", "£106"),
    ]


def test_stray_word_before_a_code_is_not_an_indicator():
    # 001 line 99: the link text of the row above printed before the code
    cell = (
        "CustomerServiceStrategy CSC059a_Percentage of customers who rated the overall quality of the CSC as "
        "good or excellent"
    )
    pieces = split_indicators(cell)
    assert len(pieces) == 1
    assert parse_mention(pieces[0][0]).code == "CSC059a"
