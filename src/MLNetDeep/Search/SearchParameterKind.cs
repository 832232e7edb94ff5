namespace MLNetDeep;

/// <summary>How a searched value is drawn.</summary>
public enum SearchParameterKind
{
    /// <summary>A real number, uniform between the bounds.</summary>
    Uniform,

    /// <summary>A positive real number whose logarithm is uniform between the bounds' logarithms.</summary>
    LogUniform,

    /// <summary>A whole number between the bounds, both included, uniform (or log-uniform with log scale).</summary>
    WholeNumber,

    /// <summary>One of a list of values, each equally likely a priori.</summary>
    Choice,
}
