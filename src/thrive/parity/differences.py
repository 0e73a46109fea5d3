"""Documented, accepted disagreements between Thrive and the national reference validators.

The only accepted disagreement is one where the reference contradicts the DfE rule wording:
Thrive follows the DfE and the difference is written down here, with its reason. The parity
report shows agreement both raw and "after documented differences": every (rule, child) pair
reported by one side only, on a side an entry below `explains`, is left out of the second figure.

To add one, append a `Difference` to `DIFFERENCES` (keep them sorted by return, then rule)::

    Difference(
        return_="ssda903",
        rule="634",
        explains=Explains.REFERENCE_ONLY,
        reference="compares DATE_PERM with the start of the collection year",
        dfe="'... the date of the previous permanence order must be on or after 1 April 2016'",
        reason="the reference flags orders made before this year; the DfE cut-off is 2016",
    ),

`rule` is the code as Thrive writes it (compared case-insensitively). `explains` says which
pairs the difference accounts for: those only the reference reports, those only Thrive
reports, or both (e.g. a rule whose scope differs in both directions). An entry for a rule one
side does not implement at all marks that missing rule as documented.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Explains(StrEnum):
    """Which one-sided findings of a rule a documented difference accounts for."""

    REFERENCE_ONLY = "reference only"
    THRIVE_ONLY = "Thrive only"
    BOTH = "both"


@dataclass(frozen=True, slots=True)
class Difference:
    """One accepted disagreement: what the reference does, what the DfE says, and why."""

    return_: str
    """"ssda903" or "cin"."""
    rule: str
    """The rule code as Thrive writes it."""
    explains: Explains
    reference: str
    """What the reference validator does."""
    dfe: str
    """The DfE rule wording (or the part of the guidance) Thrive follows."""
    reason: str
    """Why the reference is wrong by that wording, in a sentence or two."""
    years: tuple[int, ...] = ()
    """Collection years (end year) it applies to; empty: every year."""

    def applies(self, return_: str, year: int) -> bool:
        return self.return_ == return_ and (not self.years or year in self.years)

    def covers(self, reference_only: bool) -> bool:
        """Whether a pair reported by the reference only (True) or Thrive only is explained."""
        if self.explains is Explains.BOTH:
            return True
        return (self.explains is Explains.REFERENCE_ONLY) == reference_only


_CIN_REPEATED_ID = (
    "numbers the CINdetails groups (and assessments) of each <Child> from 1 and joins tables on "
    "(LAchildID, that number), so when two <Child> records repeat one LA child ID (rule 8510) "
    "the first episode of one is treated as the same episode as the first episode of the other"
)
_CIN_REPEATED_ID_DFE = (
    "the rule is stated within one CINdetails group (one referral); two records' episodes are "
    "different groups even when the records share an LA child ID"
)
_CIN_REPEATED_ID_REASON = (
    "the reference mixes two different episodes' dates and modules; Thrive compares an "
    "episode's own modules (and, for rules about the child, every record with the child's "
    "LA child ID); the repeated ID itself is reported by 8510 on both sides"
)


def _cin_repeated_id(rule: str) -> Difference:
    return Difference(
        return_="cin",
        rule=rule,
        explains=Explains.REFERENCE_ONLY,
        reference=_CIN_REPEATED_ID,
        dfe=_CIN_REPEATED_ID_DFE,
        reason=_CIN_REPEATED_ID_REASON,
    )


def _cin_dropped(rule: str, message: str) -> Difference:
    return Difference(
        return_="cin",
        rule=rule,
        explains=Explains.THRIVE_ONLY,
        reference=(
            "does not run this rule in its 2023/24-2025/26 sets (v0.1.9): the rule's module, "
            "written from the DfE rule sheet with this message in earlier versions' 2022/23 "
            "set, is gone from the package, and no year's deletion list retires it"
        ),
        dfe=f"{rule}: '{message}'",
        reason=(
            "Thrive keeps the DfE rule, checked as the earlier reference module states its "
            "condition; nothing says DfE withdrew it (to be checked against the next DfE CIN "
            "census validation rules sheet)"
        ),
    )


DIFFERENCES: list[Difference] = [
    *(
        _cin_repeated_id(code)
        for code in (
            "1103",
            "1105",
            "2889",
            "2990",
            "4000",
            "4001",
            "4004",
            "4015",
            "8565",
            "8831",
            "8867",
            "8890",
            "8896",
        )
    ),
    Difference(
        return_="cin",
        rule="1510",
        explains=Explains.THRIVE_ONLY,
        reference=(
            "checks the check letter only of UPNs whose last 12 characters are digits, so a "
            "temporary UPN (ending in a letter) is never checked"
        ),
        dfe=(
            "1510: 'UPN invalid (wrong check letter at character 1)'; the DfE UPN guide "
            "computes a temporary UPN's check letter with its final letter given its value "
            "in the check-letter list"
        ),
        reason="a temporary UPN with a wrong check letter is as invalid as a permanent one",
    ),
    Difference(
        return_="cin",
        rule="1550",
        explains=Explains.THRIVE_ONLY,
        reference="looks only at 13-character UPNs, so a UPN of another length passes",
        dfe=(
            "1550: 'UPN invalid (character 13 not a recognised value)': character 13 must be "
            "a digit or a letter other than I, O and S"
        ),
        reason=(
            "a UPN without a valid 13th character (too short or too long) breaks the rule; "
            "the census schema also requires 13 characters"
        ),
    ),
    Difference(
        return_="cin",
        rule="4003",
        explains=Explains.REFERENCE_ONLY,
        reference=(
            "compares a child protection plan's reviews with the CIN plans of every episode "
            "of the child (and of every record repeating the LA child ID)"
        ),
        dfe=(
            "4003: 'Within a CINDetails module, no CPPReviewDate can fall between any "
            "CINPlanStartDate or CINPlanEndDate unless CPPReviewDate is equal to CPPendDate'"
        ),
        reason="a review is compared with the CIN plans of its own episode only",
    ),
    Difference(
        return_="cin",
        rule="8540",
        explains=Explains.THRIVE_ONLY,
        reference=(
            "never reports 8540: building its issue list fails on a missing 'ROW_ID' column "
            "for two of the three tables and a bare except discards every finding"
        ),
        dfe=(
            "8540: 'If PersonBirthDate is present and at least one ReferralNFA is false or 0, "
            "then one or more Disability must be present, and all instances must be valid "
            "code values'"
        ),
        reason="the reference silently finds nothing; Thrive applies the DfE condition",
    ),
    Difference(
        return_="cin",
        rule="8569Q",
        explains=Explains.REFERENCE_ONLY,
        reference=(
            "takes 'minus 1 working day' as a zero-day business offset, so its cut-off is the "
            "start of the census year itself"
        ),
        dfe=(
            "8569Q: 'If CINreferralDate is before [Start_of_Census_Year] minus 1 working day, "
            "ReferralNFA must be false'"
        ),
        reason=(
            "a referral on the last working day before 1 April may still be NFA by the DfE "
            "wording; the reference queries it"
        ),
    ),
    Difference(
        return_="cin",
        rule="8600",
        explains=Explains.BOTH,
        reference=(
            "takes the end of the census year from the file's ReferenceDate (not the "
            "collection year validated), and reads any date-like text as a date (dd/mm/yyyy "
            "month first, date-times)"
        ),
        dfe=(
            "8600: 'CINreferralDate must be present and must be on or before ReferenceDate'; "
            "the census XML types it xs:date (yyyy-mm-dd) and ReferenceDate must be 31 March "
            "of the collection year (rule 100)"
        ),
        reason=(
            "a wrong ReferenceDate is rule 100's error and must not move the census year; a "
            "referral date that is not an xs:date is not a date the DfE can load, so Thrive "
            "reports it as missing"
        ),
    ),
    _cin_dropped("8617", "Code 8A has been returned. This code is not a valid code."),
    Difference(
        return_="cin",
        rule="8670Q",
        explains=Explains.REFERENCE_ONLY,
        reference=(
            "subtracts 44 working days, not 45 (its working-day offset is n - 1), so it "
            "queries an assessment started exactly 45 working days before the reference date"
        ),
        dfe=(
            "8670Q: 'If AssessmentAuthorisationDate is not present then "
            "AssessmentActualStartDate should not be before the ReferenceDate minus 45 "
            "working days'"
        ),
        reason=(
            "an assessment started on the day 45 working days before 31 March is not before "
            "that day, and is within the 45 working days DfE allows"
        ),
    ),
    Difference(
        return_="cin",
        rule="8675Q",
        explains=Explains.REFERENCE_ONLY,
        reference="subtracts 14 working days, not 15 (its working-day offset is n - 1)",
        dfe=(
            "8675Q: an S47 enquiry with no conference date should not start before the "
            "ReferenceDate minus 15 working days"
        ),
        reason="the same off-by-one working day as 8670Q",
    ),
    Difference(
        return_="cin",
        rule="8770Q",
        explains=Explains.THRIVE_ONLY,
        reference=(
            "treats a child as of school age only when born on or before 31 August six years "
            "before the end of the census year's school year (5 before that school year began)"
        ),
        dfe=(
            "8770Q (2024/25 on): 'UPN is missing or reason UPN is missing or is UN1 for a "
            "child who is of school age'"
        ),
        reason=(
            "a child is of compulsory school age from the prescribed day (31 August, 31 "
            "December or 31 March) after the fifth birthday, so every child who is 5 by the "
            "reference date, 31 March, is of school age on it; the reference leaves out "
            "children who turned 5 between September and March"
        ),
    ),
    Difference(
        return_="cin",
        rule="8816",
        explains=Explains.REFERENCE_ONLY,
        reference=(
            "picks one 'latest' episode when two open episodes share the latest referral "
            "date and reports the other"
        ),
        dfe=(
            "8816: the open episode's CINreferralDate 'must be the latest of all Referral "
            "Dates for that child'"
        ),
        reason=(
            "an episode tied for the latest referral date is the latest; two open episodes "
            "are rule 8815, which both sides report"
        ),
    ),
    Difference(
        return_="cin",
        rule="8863Q",
        explains=Explains.BOTH,
        reference=(
            "skips a pair of assessments with the same start and end dates (to avoid "
            "comparing an assessment with itself), and pools the nth assessments of two "
            "records that repeat an LA child ID"
        ),
        dfe=(
            "8863Q: 'Within one CINdetails group, each AssessmentActualStartDate must not fall "
            "on or between the start and authorisation date of any other Assessments group'"
        ),
        reason=(
            "an identical second assessment starts on the other's start date, which DfE "
            "queries; and two records' episodes are different CINdetails groups"
        ),
    ),
    Difference(
        return_="cin",
        rule="8869",
        explains=Explains.THRIVE_ONLY,
        reference=(
            "compares an assessment's whole list of factors, as text, with '21', which never "
            "matches, so 8869 is never reported"
        ),
        dfe="8869: 'If AssessmentFactors = 21, this must be the only AssessmentFactors present'",
        reason="the reference cannot find the error; Thrive checks each assessment's factors",
    ),
    Difference(
        return_="cin",
        rule="8898",
        explains=Explains.THRIVE_ONLY,
        reference=(
            "crashes on many files (it hashes an assessment's list of factors), and then "
            "reports nothing"
        ),
        dfe="8898: 'The assessment has more than one parental or child factors with the same code'",
        reason="the reference reports nothing; Thrive checks each assessment's factors",
    ),
    _cin_dropped(
        "8899Q",
        "Please check: A child identified as having a disability does not have a disability "
        "factor recorded at the end of assessment.",
    ),
    Difference(
        return_="cin",
        rule="8935",
        explains=Explains.THRIVE_ONLY,
        reference=(
            "counts plans with no end date within each plan (one at most), so it never finds "
            "two open plans"
        ),
        dfe=(
            "8935: 'There must be only one ChildProtectionPlans group where the CPPendDate is "
            "missing'"
        ),
        reason="the reference cannot find the error; Thrive counts the child's open plans",
    ),
    Difference(
        return_="cin",
        rule="8940",
        explains=Explains.THRIVE_ONLY,
        reference=(
            "numbers plans from 1 within each CINdetails group and skips pairs with the same "
            "number, so a plan is never compared with the first plan of another episode (nor "
            "of another <Child> record repeating the LA child ID)"
        ),
        dfe=(
            "8940: 'Where more than one ChildProtectionPlans group is included, the "
            "CPPstartDate of each group cannot fall within' the start and end (or the "
            "ReferenceDate) 'of any other group'"
        ),
        reason=(
            "plans in two episodes of one child (or in two records with one LA child ID, which "
            "8510 reports on both sides) are different groups, and one starting inside the "
            "other overlaps it"
        ),
    ),
    Difference(
        return_="ssda903",
        rule="634",
        explains=Explains.REFERENCE_ONLY,
        reference=(
            "compares the previous permanence date (DATE_PERM) with the start of the "
            "collection year"
        ),
        dfe=(
            "634: 'There are entries for previous permanence options, but child has not "
            "started to be looked after from 1 April 2016 onwards'"
        ),
        reason=(
            "the DfE rule's cut-off is 1 April 2016 (when the previous permanence items were "
            "introduced), not the start of the current year; the reference's own upstream "
            "fault list names it"
        ),
    ),
    # --- SSDA903 differences found while aligning the existing rules (parity helper H2a) ---
    Difference(
        return_="ssda903",
        rule="372",
        explains=Explains.THRIVE_ONLY,
        reference="leaves out episodes that are still open (no DEC) before checking the age",
        dfe="372: 'Child in youth custody or prison should be at least 10 years of age'",
        reason=(
            "an open placement is a placement in the year like any other; the reference's own "
            "upstream fault list names it"
        ),
    ),
    Difference(
        return_="ssda903",
        rule="373",
        explains=Explains.THRIVE_ONLY,
        reference="leaves out episodes that are still open (no DEC) before checking the age",
        dfe="373: 'Child in a school should be at least 4 years old'",
        reason=(
            "an open placement is a placement in the year like any other; the reference's own "
            "upstream fault list names it"
        ),
    ),
    Difference(
        return_="ssda903",
        rule="374",
        explains=Explains.THRIVE_ONLY,
        reference="leaves out episodes that are still open (no DEC) before checking the age",
        dfe="374: 'Child in residential employment should be at least 14 years old'",
        reason=(
            "an open placement is a placement in the year like any other; the reference's own "
            "upstream fault list names it"
        ),
    ),
    Difference(
        return_="ssda903",
        rule="1007",
        explains=Explains.THRIVE_ONLY,
        reference="leaves out open episodes when deciding who was looked after on the birthday",
        dfe=(
            "1007: 'Care leaver information is not required for 17- or 18-year olds who are "
            "still looked after'"
        ),
        reason=(
            "a young person whose episode is still open on the birthday is still looked after; "
            "the reference's own upstream fault list names it"
        ),
    ),
    Difference(
        return_="ssda903",
        rule="601",
        explains=Explains.THRIVE_ONLY,
        reference="only checks children who have an AD1 row, so a missing row is never reported",
        dfe=(
            "601: 'The additional fields relating to adoption have not been completed although "
            "the episode data shows that the child was adopted during the year'"
        ),
        reason=(
            "an adopted child with no AD1 row at all has none of the fields completed; the "
            "reference's own upstream fault list names it"
        ),
    ),
    Difference(
        return_="ssda903",
        rule="336",
        explains=Explains.BOTH,
        reference="checks placements A3/A4 (its comment says A3/A5)",
        dfe=(
            "336: 'Child does not have a foster placement immediately prior to being placed for "
            "adoption' (A3 and A5: placed for adoption with their current foster carer)"
        ),
        reason=(
            "only A3 and A5 are placements with the child's foster carer, so only they need a "
            "foster placement just before; the reference's own upstream fault list names it"
        ),
    ),
    Difference(
        return_="ssda903",
        rule="141",
        explains=Explains.THRIVE_ONLY,
        reference="reports a start date only when one is given and is not a date",
        dfe="141: 'Date episode began is not a valid date'",
        reason=(
            "every episode must have a start date, so a blank DECOM is not a valid date; the "
            "reference passes blank start dates silently (1004 treats a blank missing start "
            "date the same way on both sides)"
        ),
    ),
    Difference(
        return_="ssda903",
        rule="149",
        explains=Explains.THRIVE_ONLY,
        reference="upper-cases every text value on input before any rule runs (e.g. E4a -> E4A)",
        dfe="149: 'Reason episode ceased is not a valid code' (DfE code lists are upper case)",
        reason=(
            "Thrive checks the code as the council returned it, so a lower-case code is "
            "reported by the code-list rules (143-146, 149, 131-133 ...) where the reference "
            "accepts it"
        ),
    ),
    Difference(
        return_="ssda903",
        rule="157",
        explains=Explains.THRIVE_ONLY,
        reference="takes 'aged 16 or under at the end of the year' as not yet 16 on 31 March",
        dfe=(
            "157: 'Child is aged 4 years or over at the beginning of the year or 16 years or "
            "under at the end of the year and ... SDQ1 has been recorded'"
        ),
        reason=(
            "a child who is 16 on 31 March is '16 or under'; the reference leaves out everyone "
            "who turned 16 during the year (its own rule 186 uses the same age range as Thrive)"
        ),
    ),
    Difference(
        return_="ssda903",
        rule="165",
        explains=Explains.REFERENCE_ONLY,
        reference=(
            "compares SEX with the 2023/24 codes 1 and 2, so from 2024/25 its sex-dependent "
            "checks fire only on rows still using the retired codes"
        ),
        dfe="165: 'Data entry for mother status is invalid' (MOTHER 0 or 1)",
        reason=(
            "sex has been coded M/F/U since 2024/25; a retired sex code is rule 101's error, "
            "and a looked-after girl without MOTHER is rule 393's"
        ),
    ),
    Difference(
        return_="ssda903",
        rule="387",
        explains=Explains.REFERENCE_ONLY,
        reference=(
            "reports an E5/E6 ending when the child has no valid header DOB (age unknown), or "
            "when any of several header rows for the child makes them under 14"
        ),
        dfe=(
            "387: 'Reason episode ceased is child moved into independent living arrangement "
            "... but the child is aged under 14'"
        ),
        reason=(
            "without a date of birth the age is unknown, not under 14; a child's header appears "
            "once (INT32), and Thrive uses that row"
        ),
    ),
    Difference(
        return_="ssda903",
        rule="391",
        explains=Explains.THRIVE_ONLY,
        reference="only checks that the young person was 17 by 31 March",
        dfe="391: 'Young person was not 17, 18, 19, 20 or 21 during the current collection year'",
        reason=(
            "someone already 22 on 1 April was not 17 to 21 during the year either; the "
            "reference checks only the lower bound"
        ),
    ),
    Difference(
        return_="ssda903",
        rule="440",
        explains=Explains.THRIVE_ONLY,
        reference="reports PN0 only for reviews after the 4th birthday",
        dfe=(
            "440: 'Participation method indicates child was under 4 years old at the time of "
            "the review, but date of birth and review date indicates the child was 4 years old "
            "or over'"
        ),
        reason="on the 4th birthday the child is 4, so PN0 (under 4) is wrong that day too",
    ),
    Difference(
        return_="ssda903",
        rule="581",
        explains=Explains.REFERENCE_ONLY,
        reference="reports a missing period with a blank start date as outside every episode",
        dfe="581: 'Child is missing but has not yet started to be looked after'",
        reason=(
            "a blank start date says nothing about when the child went missing; it is "
            "reported by 1004 and 564 on both sides"
        ),
    ),
    Difference(
        return_="ssda903",
        rule="635",
        explains=Explains.THRIVE_ONLY,
        reference="checks for a date or council of an order when PREV_PERM is blank, never Z1",
        dfe=(
            "635: 'There are entries for date of order and local authority code where previous "
            "permanence option was arranged but previous permanence code is Z1'"
        ),
        reason=(
            "the rule is about Z1 (no previous order) with order details; Thrive reports that "
            "and, like the reference, a blank option with order details"
        ),
    ),
    Difference(
        return_="ssda903",
        rule="612",
        explains=Explains.REFERENCE_ONLY,
        reference=(
            "treats a blank MOTHER as 'not a mother', so it reports a care leaver not looked "
            "after in the year who keeps her first child's date of birth (MC_DOB)"
        ),
        dfe=(
            "612: 'Date of birth field has been completed but mother field indicates child is "
            "not a mother' (MOTHER 0); 628: motherhood details are not required for care "
            "leavers not looked after in the year; 624: MC_DOB must not contradict the date "
            "previously recorded"
        ),
        reason=(
            "a blank MOTHER indicates nothing, and for such a care leaver it must be blank "
            "(628) while her recorded MC_DOB stays (624); read the reference's way no return "
            "could be right for her (a blank MC_DOB breaks its 624, a kept one its 612)"
        ),
    ),
    Difference(
        return_="ssda903",
        rule="SW10STG2",
        explains=Explains.BOTH,
        reference=(
            "reports an episode (other than reason FCONTA) starting more than 7 days before "
            "or after the previous one ended, or after an open one"
        ),
        dfe=(
            "SW10STG2: 'A new social worker episode has started before the end date of the "
            "previous social worker episode'"
        ),
        reason=(
            "the rule is about overlapping episodes; the reference's condition does not match "
            "its own message (it reports gaps, and exempts FCONTA overlaps)"
        ),
    ),
    # Rules added for the reference-data and missing-rule work (H2b).
    Difference(
        return_="ssda903",
        rule="1001",
        explains=Explains.BOTH,
        reference=(
            "judges every OC3 row from the two years of episodes loaded, flagging young people "
            "aged 20 or over and those who left care before last year (it crashes on some "
            "returns)"
        ),
        dfe=(
            "1001: a care leaver must be a relevant or former relevant child (13 weeks in care "
            "after 14, ending after 16, not adopted), judged on the child's whole history"
        ),
        reason=(
            "with two years loaded Thrive judges only young people under 18 on 31 March, whose "
            "care after their 16th birthday is all in the files; the rest cannot be judged"
        ),
    ),
    Difference(
        return_="ssda903",
        rule="1002",
        explains=Explains.REFERENCE_ONLY,
        reference=(
            "reports every OC3 row whose child has no episode this year or last year, "
            "including care leavers aged 19-21 who left care years earlier"
        ),
        dfe=(
            "1002: 'This child has no previous episodes of care, therefore should not have care "
            "leaver information recorded' (any earlier year counts)"
        ),
        reason=(
            "Thrive reports it only for young people who turned 17 this year: their 16th "
            "birthday, after which a former relevant child was looked after, is in last year"
        ),
    ),
    Difference(
        return_="ssda903",
        rule="1015",
        explains=Explains.BOTH,
        reference=(
            "derives the placement's council from the 2021 upper-tier lookup (Cumbria, North "
            "Yorkshire and Somerset county codes) and compares it with the --la code"
        ),
        dfe=(
            "1015: 'Placement provider is own provision but child not placed in own LA', "
            "with the council that exists in the collection year"
        ),
        reason=(
            "since 2023 Cumberland, Westmorland and Furness, North Yorkshire and Somerset are "
            "unitary councils; Thrive maps their districts to them (also for PL_LA in 169, "
            "411, 452, 503H, 503J)"
        ),
    ),
    Difference(
        return_="ssda903",
        rule="205A",
        explains=Explains.THRIVE_ONLY,
        reference=(
            "looks only at children with a UASC row this year, so for CSV returns (where a "
            "UASC row is what makes a child UASC) it can never fire"
        ),
        dfe=(
            "205A: a child UASC last year but not this year must have last year's date UASC "
            "ceased within last year"
        ),
        reason="Thrive checks children in last year's UASC table without a row this year",
    ),
    Difference(
        return_="ssda903",
        rule="218",
        explains=Explains.REFERENCE_ONLY,
        reference=(
            "requires a URN for short breaks (LS V3/V4) too, and in 2023/24 treats a placement "
            "with an unknown postcode as outside England (no URN needed)"
        ),
        dfe=(
            "214: for V3/V4 'Placement location information not required' (PL_POST and URN "
            "blank); 218 exempts only placements outside England"
        ),
        reason=(
            "the two rules cannot both hold for a short break, so Thrive exempts V3/V4 from "
            "218; an unknown postcode is not a placement outside England"
        ),
    ),
    Difference(
        return_="ssda903",
        rule="231",
        explains=Explains.THRIVE_ONLY,
        reference="reads a Header column UASC_STATUS that CSV returns do not have, and crashes",
        dfe="231: a UASC child should be over 11 at 31 March",
        reason="Thrive takes UASC status from the UASC table, as for every other UASC rule",
    ),
    Difference(
        return_="ssda903",
        rule="233",
        explains=Explains.THRIVE_ONLY,
        reference="reads a column DATE_EPISODE_CEASED that returns do not have, and crashes",
        dfe="233: 'If DEC is null then REASON_PLACE_CHANGE should be null'",
        reason="Thrive reads DEC, the episode's end date",
    ),
    Difference(
        return_="ssda903",
        rule="234",
        explains=Explains.BOTH,
        reference="checks the age at the start of the episode that has reason CUSTOD",
        dfe=(
            "234: 'If DECOM < DOB + 10 years then previous episode REASON_PLACE_CHANGE can not "
            "be CUSTOD'"
        ),
        reason=(
            "the reason belongs to the change of placement: Thrive checks the age when the "
            "next episode starts"
        ),
    ),
    Difference(
        return_="ssda903",
        rule="364",
        explains=Explains.BOTH,
        reference=(
            "chains J2 episodes in file order (its sort is discarded), so unsorted files split "
            "or merge stays wrongly"
        ),
        dfe="364: a child may be held under PACE (J2) for at most 21 days",
        reason="Thrive chains each child's J2 episodes in date order",
    ),
    Difference(
        return_="ssda903",
        rule="370",
        explains=Explains.THRIVE_ONLY,
        reference="ignores open episodes (drops rows without DEC)",
        dfe="370: 'Child in independent living should be at least 16' (any P2 episode)",
        reason="an open P2 placement of a child under 16 breaks the rule too",
        years=(2024,),
    ),
    Difference(
        return_="ssda903",
        rule="633",
        explains=Explains.THRIVE_ONLY,
        reference=(
            "uses an LA code list without the councils created since 2019 (838, 839, 940, "
            "941, 942, 943)"
        ),
        dfe="633: LA_PERM must be a valid LA code (or WAL, SCO, NIR, NUK)",
        reason=(
            "an order made by Dorset, BCP, North or West Northamptonshire, Cumberland or "
            "Westmorland and Furness has a valid code; Thrive also keeps their predecessors'"
        ),
    ),
    Difference(
        return_="ssda903",
        rule="709",
        explains=Explains.THRIVE_ONLY,
        reference="reads an Episodes column PLACEMENT that returns do not have (it is PLACE)",
        dfe="709: while a DoLO lasts the placement should be K2, Z12 or Z13",
        reason="Thrive reads PLACE",
        years=(2027,),
    ),
    Difference(
        return_="ssda903",
        rule="710",
        explains=Explains.THRIVE_ONLY,
        reference="reads an Episodes column PLACEMENT that returns do not have (it is PLACE)",
        dfe="710: while a DoLO lasts the placement must not be K1, P1, R5 or K3",
        reason="Thrive reads PLACE",
        years=(2027,),
    ),
    Difference(
        return_="ssda903",
        rule="SW11bSTG2",
        explains=Explains.REFERENCE_ONLY,
        reference=(
            "also reports an episode ending in the last 5 days of March when the next episode "
            "does follow it"
        ),
        dfe=(
            "SW11bSTG2: 'Social worker episode has ended before 31 March and no subsequent "
            "social worker episode has been provided'"
        ),
        reason="Thrive reports only episodes ending then with no later episode",
    ),
    Difference(
        return_="ssda903",
        rule="SW12STG2",
        explains=Explains.BOTH,
        reference=(
            "reports every open episode that does not start care (RNE not S), whatever the "
            "social worker episodes, and any S episode with a social worker episode starting "
            "before it"
        ),
        dfe=(
            "SW12STG2: 'If a child is looked after on 31 March then all social worker episodes "
            "for the full previous year should be reported, even those whilst they were not "
            "looked after'"
        ),
        reason=(
            "Thrive reports a child looked after at 31 March whose social worker episodes do "
            "not reach back to 1 April (or the day care started in the year)"
        ),
    ),
]


def documented(return_: str, year: int) -> dict[str, list[Difference]]:
    """The differences that apply to one return and year, keyed by the upper-cased rule code."""
    found: dict[str, list[Difference]] = {}
    for difference in DIFFERENCES:
        if difference.applies(return_, year):
            found.setdefault(difference.rule.upper(), []).append(difference)
    return found
