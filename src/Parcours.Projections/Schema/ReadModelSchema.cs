using Npgsql;
using Parcours.EventStore.Schema;

namespace Parcours.Projections.Schema;

/// <summary>
/// The read models' tables, in their own schema (<c>parcours_read</c>), apart from the log: they can be dropped and
/// rebuilt from the events at any time. Created and migrated like the store's schema: under an advisory lock, once.
/// </summary>
public static class ReadModelSchema
{
    public const string Name = "parcours_read";

    /// <summary>"PARCREAD" in ASCII: the advisory lock key serialising these migrations.</summary>
    private const long MigrationLockKey = 0x5041_5243_5245_4144;

    /// <summary>Ordered migrations; append new ones, never edit a shipped one.</summary>
    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "Case summaries, case deadlines, indicator results and cells, reviews, case months", $"""
            CREATE TABLE {Name}.case_summaries (
                case_id uuid PRIMARY KEY,
                tenant text NOT NULL,
                version integer NOT NULL,
                phase text NOT NULL,
                episode integer,
                application_date date,
                entry_date date,
                territory text,
                subject_to_rights_and_duties boolean,
                first_oriented_on date,
                track text,
                organisation text,
                referent text,
                notified_on date,
                first_appointment_fixed_on date,
                first_appointment_for date,
                first_contract_signed_on date,
                first_contract_kind text,
                exited_on date,
                last_business_date date,
                last_recorded_at timestamptz NOT NULL,
                next_deadline_on date,
                next_deadline_definition text);
            CREATE INDEX case_summaries_tenant_territory ON {Name}.case_summaries (tenant, territory);

            -- One row per window a case is still awaited in (pending, or missed with the step still not done).
            CREATE TABLE {Name}.case_deadlines (
                case_id uuid NOT NULL,
                definition_id text NOT NULL,
                episode integer NOT NULL,
                occurrence integer NOT NULL,
                tenant text NOT NULL,
                awaited text,
                label text NOT NULL,
                start_on date NOT NULL,
                deadline_on date NOT NULL,
                last_day_on_time date NOT NULL,
                territory text,
                organisation text,
                PRIMARY KEY (case_id, definition_id, episode, occurrence));
            CREATE INDEX case_deadlines_queue ON {Name}.case_deadlines (tenant, last_day_on_time);

            -- Per-person results of every definition (members of a cohort only), as of evaluated_on.
            CREATE TABLE {Name}.indicator_results (
                tenant text NOT NULL,
                definition_id text NOT NULL,
                definition_version integer NOT NULL,
                cohort date NOT NULL,
                case_id uuid NOT NULL,
                episode integer NOT NULL,
                occurrence integer NOT NULL,
                outcome text NOT NULL,
                reason text,
                start_on date,
                end_on date,
                deadline_on date,
                delay_days integer,
                mature boolean NOT NULL,
                territory text,
                track text,
                organisation text,
                source_versions integer[] NOT NULL,
                PRIMARY KEY (tenant, definition_id, definition_version, cohort, case_id, episode, occurrence));
            CREATE INDEX indicator_results_case ON {Name}.indicator_results (case_id);

            -- The published figures by cohort month: overall (breakdown '') and per breakdown value.
            CREATE TABLE {Name}.indicator_cells (
                tenant text NOT NULL,
                definition_id text NOT NULL,
                definition_version integer NOT NULL,
                cohort date NOT NULL,
                breakdown text NOT NULL,
                value text NOT NULL,
                numerator integer NOT NULL,
                denominator integer NOT NULL,
                rate numeric,
                mean_delay_days numeric,
                median_delay_days numeric,
                pending integer NOT NULL,
                excluded integer NOT NULL,
                provisional boolean NOT NULL,
                PRIMARY KEY (tenant, definition_id, definition_version, cohort, breakdown, value));

            -- Cohorts whose results changed and whose cells are to be recomputed.
            CREATE TABLE {Name}.dirty_cohorts (
                tenant text NOT NULL,
                definition_id text NOT NULL,
                definition_version integer NOT NULL,
                cohort date NOT NULL,
                PRIMARY KEY (tenant, definition_id, definition_version, cohort));

            -- When each case's results were computed, and the first day they may change with no new event.
            CREATE TABLE {Name}.case_reviews (
                case_id uuid PRIMARY KEY,
                tenant text NOT NULL,
                evaluated_on date NOT NULL,
                review_on date NOT NULL);
            CREATE INDEX case_reviews_due ON {Name}.case_reviews (tenant, review_on);

            -- Every month any date of any event of a case falls in (corrections included): a superset of the cohorts
            -- a case ever belonged to, so that time travel knows which cases to replay.
            CREATE TABLE {Name}.case_months (
                tenant text NOT NULL,
                month date NOT NULL,
                case_id uuid NOT NULL,
                PRIMARY KEY (tenant, month, case_id));
            """),
    ];

    public static int CurrentVersion => Migrations[^1].Version;

    public static Task<IReadOnlyList<int>> EnsureAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        EventStoreSchema.MigrateAsync(dataSource, Name, MigrationLockKey, Migrations, cancellationToken);
}
