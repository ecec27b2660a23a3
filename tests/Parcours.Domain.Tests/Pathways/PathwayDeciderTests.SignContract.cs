using NodaTime.Testing.Extensions;
using Parcours.Domain.Pathways;
using static Parcours.Domain.Tests.Pathways.PathwaySteps;

namespace Parcours.Domain.Tests.Pathways;

public partial class PathwayDeciderTests
{
    [Fact]
    public void Given_no_orientation_When_signing_contract_Then_rejected() =>
        Given(Entered(20.March(2025)))
            .When(new SignContract(ContractKind.EngagementContract, 2.June(2025), null, Mds))
            .ThenRejected("orientation.required");

    [Fact]
    public void Given_an_orientation_When_signing_an_engagement_contract_Then_signed() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)))
            .When(new SignContract(ContractKind.EngagementContract, 2.June(2025), 1.December(2025), $" {Mds} "))
            .Then(new ContractSigned(ContractKind.EngagementContract, 2.June(2025), 1.December(2025), Mds));

    [Fact]
    public void Given_an_orientation_When_the_contract_is_dated_before_it_Then_rejected() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)))
            .When(new SignContract(ContractKind.EngagementContract, 18.May(2025), null, Mds))
            .ThenRejected("contract.before-orientation");

    [Fact]
    public void Given_an_orientation_When_valid_until_the_signature_day_Then_rejected() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)))
            .When(new SignContract(ContractKind.EngagementContract, 2.June(2025), 2.June(2025), Mds))
            .ThenRejected("contract.valid-until-not-after-signature");

    [Fact]
    public void Given_an_orientation_in_2024_When_signing_an_engagement_contract_before_2025_Then_rejected() =>
        Given(Entered(20.October(2024)), Oriented(19.November(2024)))
            .When(new SignContract(ContractKind.EngagementContract, 31.December(2024), null, Mds))
            .ThenRejected("contract.engagement-before-2025");

    [Fact]
    public void Given_an_orientation_in_2024_When_signing_a_cer_before_2025_Then_signed() =>
        Given(Entered(20.October(2024)), Oriented(19.November(2024)))
            .When(new SignContract(ContractKind.Cer, 31.December(2024), 30.June(2025), Mds))
            .Then(new ContractSigned(ContractKind.Cer, 31.December(2024), 30.June(2025), Mds));

    [Fact]
    public void Given_a_closed_right_When_signing_after_the_closure_Then_rejected() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)), Exited(31.May(2025)))
            .When(new SignContract(ContractKind.EngagementContract, 2.June(2025), null, Mds))
            .ThenRejected("rsa.exited");

    [Fact]
    public void Given_a_closed_right_When_a_contract_signed_before_the_closure_is_recorded_late_Then_signed() =>
        Given(Entered(20.March(2025)), Oriented(19.May(2025)), Exited(31.May(2025)))
            .When(new SignContract(ContractKind.EngagementContract, 26.May(2025), null, Mds))
            .Then(new ContractSigned(ContractKind.EngagementContract, 26.May(2025), null, Mds));
}
