namespace Parcours.Domain.Indicators.Definitions;

/// <summary>One thing wrong with a definition: the field (a JSON path such as <c>definitions[1].threshold.period</c>) and what is wrong, in French.</summary>
public sealed record DefinitionProblem(string Field, string Message)
{
    public override string ToString() => $"{Field} : {Message}";
}

/// <summary>A definition file that cannot be used, with every problem found (not only the first).</summary>
public sealed class InvalidDefinitionFileException(IReadOnlyList<DefinitionProblem> problems)
    : Exception("Fichier de définitions d'indicateurs invalide :" + Environment.NewLine
        + string.Join(Environment.NewLine, problems.Select(p => "- " + p)))
{
    public IReadOnlyList<DefinitionProblem> Problems { get; } = problems;
}
