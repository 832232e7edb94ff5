namespace MLNetDeep.Search;

/// <summary>
/// A parameter as the samplers see it. Every value is a double: a real for <see cref="SearchParameterKind.Uniform"/> and
/// <see cref="SearchParameterKind.LogUniform"/>, a whole number for <see cref="SearchParameterKind.WholeNumber"/>, and the
/// 0-based index of the value for <see cref="SearchParameterKind.Choice"/>.
/// </summary>
/// <param name="Name">The parameter's name.</param>
/// <param name="Kind">How it is drawn.</param>
/// <param name="Min">Lower bound (included); 0 for a choice.</param>
/// <param name="Max">Upper bound (included); the last index for a choice.</param>
/// <param name="LogScale">For a whole number: drawn log-uniformly (Min ≥ 1). LogUniform is always log scale.</param>
internal sealed record ParameterDomain(string Name, SearchParameterKind Kind, double Min, double Max, bool LogScale)
{
    /// <summary>Number of values of a choice (Max + 1); 0 for the other kinds.</summary>
    public int ChoiceCount => Kind == SearchParameterKind.Choice ? (int)Max + 1 : 0;

    /// <summary>Whether values are compared on a log scale (LogUniform, or WholeNumber with LogScale).</summary>
    public bool IsLog => Kind == SearchParameterKind.LogUniform || (Kind == SearchParameterKind.WholeNumber && LogScale);
}
