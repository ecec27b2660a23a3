using NodaTime;
using Parcours.Domain.Indicators;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.Domain.Indicators.Definitions;
using Parcours.Domain.Tests.Indicators.Support;
using static Parcours.Domain.Tests.Indicators.Support.Dates;

namespace Parcours.Domain.Tests.Indicators;

public class DefinitionFileTests
{
    /// <summary>The example of docs/indicators.md: a "30 days" variant of the orientation delay.</summary>
    private const string ThirtyDays = """
        {
          "definitions": [
            {
              "id": "cd-orientation-30-jours",
              "version": 1,
              "label": "Nouveaux entrants orientés en 30 jours ou moins",
              "source": "Convention départementale avec les prestataires, article 4",
              "start": "entryKnownOn",
              "end": "orientationDecided",
              "threshold": { "period": "P30D", "bound": "inclusive" },
              "cohort": "entryKnownOn",
              "breakdowns": ["territory"]
            }
          ]
        }
        """;

    private static string One(string definition) => $$"""{ "definitions": [ {{definition}} ] }""";

    private static string Valid(string extra = "", string threshold = "\"P30D\"", string id = "\"cd-x\"") => One($$"""
        { "id": {{id}}, "version": 1, "label": "L", "source": "S", "start": "entryKnownOn", "end": "orientationDecided",
          "threshold": { "period": {{threshold}}, "bound": "inclusive" }, "cohort": "entryKnownOn" {{extra}} }
        """);

    private static IReadOnlyList<DefinitionProblem> ProblemsOf(string json) =>
        Should.Throw<InvalidDefinitionFileException>(() => DefinitionFile.Parse(json)).Problems;

    [Fact]
    public void A_thirty_days_variant_is_read_and_evaluated()
    {
        var definition = DefinitionFile.Parse(ThirtyDays).ShouldHaveSingleItem();

        definition.Threshold.ShouldBe(new Threshold(Period.FromDays(30), Bound.Inclusive));
        definition.Breakdowns.ShouldBe([Breakdown.Territory]);
        definition.Population.ShouldBe(PopulationFilter.NewEntrantsSubjectAtEntry);
        var history = new History().Entered(D(2024, 3, 1)).Oriented(D(2024, 3, 31));
        Evaluate.Single(definition, history, asOf: D(2024, 6, 1)).Outcome.ShouldBe(Outcome.Met);
        Evaluate.Single(definition, new History().Entered(D(2024, 3, 1)).Oriented(D(2024, 4, 1)), asOf: D(2024, 6, 1))
            .Outcome.ShouldBe(Outcome.Missed);
    }

    [Fact]
    public void An_unknown_anchor_names_the_field_and_the_possible_values()
    {
        var problem = ProblemsOf(Valid().Replace("\"end\": \"orientationDecided\"", "\"end\": \"orientationDate\"")).ShouldHaveSingleItem();

        problem.Field.ShouldBe("definitions[0].end");
        problem.Message.ShouldContain("« orientationDate »");
        problem.Message.ShouldContain("orientationNotified");
    }

    [Fact]
    public void A_negative_threshold_is_refused()
    {
        var problem = ProblemsOf(Valid(threshold: "\"P-30D\"")).ShouldHaveSingleItem();

        problem.Field.ShouldBe("definitions[0].threshold.period");
        problem.Message.ShouldContain("négatif");
    }

    [Fact]
    public void A_threshold_that_is_not_an_iso_period_is_refused()
    {
        ProblemsOf(Valid(threshold: "\"30 jours\"")).ShouldHaveSingleItem().Message.ShouldContain("ISO 8601");
    }

    [Fact]
    public void A_missing_id_is_refused()
    {
        ProblemsOf(Valid(id: "null")).ShouldHaveSingleItem().Field.ShouldBe("definitions[0].id");
    }

    [Fact]
    public void A_duplicate_id_is_refused()
    {
        var json = ThirtyDays.Replace("\"definitions\": [", "\"definitions\": [" + ThirtyDays[(ThirtyDays.IndexOf('{', 5))..ThirtyDays.LastIndexOf(']')] + ",");

        ProblemsOf(json).ShouldHaveSingleItem().Message.ShouldContain("défini 2 fois");
    }

    [Fact]
    public void An_unknown_property_is_refused_rather_than_ignored()
    {
        ProblemsOf(Valid(extra: ", \"treshold\": 3")).ShouldHaveSingleItem().Field.ShouldBe("definitions[0].treshold");
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var problems = ProblemsOf(One("""{ "version": 0, "label": "L", "source": "S", "start": "birthday", "cohort": "entryKnownOn" }"""));

        problems.Select(p => p.Field).ShouldBe(["definitions[0].id", "definitions[0].start"], ignoreOrder: true);
    }

    [Fact]
    public void A_rule_broken_by_a_whole_definition_is_reported_with_its_field()
    {
        var problems = ProblemsOf(Valid(extra: ", \"maturity\": \"snapshot\""));

        problems.Select(p => p.Field).ShouldBe(["definitions[0].cohort", "definitions[0].threshold"], ignoreOrder: true);
    }

    [Fact]
    public void An_override_of_a_built_in_definition_must_raise_its_version()
    {
        var sameVersion = Valid(id: $"\"{CalpaeRow2OrientationDelay.Id}\"");

        Should.Throw<InvalidDefinitionFileException>(() => IndicatorCatalogue.FromFile(sameVersion))
            .Problems.ShouldHaveSingleItem().Field.ShouldBe("definitions[0].version");
        var catalogue = IndicatorCatalogue.FromFile(sameVersion.Replace("\"version\": 1", "\"version\": 2"));
        catalogue[CalpaeRow2OrientationDelay.Id].Threshold.ShouldBe(new Threshold(Period.FromDays(30), Bound.Inclusive));
        catalogue.Definitions.Count.ShouldBe(BuiltInIndicators.All.Count);
    }

    [Fact]
    public void Every_built_in_definition_follows_the_rules()
    {
        BuiltInIndicators.All.SelectMany(d => DefinitionRules.Check(d, d.Id)).ShouldBeEmpty();
        BuiltInIndicators.All.Select(d => d.Id).ShouldBeUnique();
    }
}
