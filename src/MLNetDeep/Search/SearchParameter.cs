using System.Globalization;
using System.Reflection;
using MLNetDeep.Search;

namespace MLNetDeep;

/// <summary>
/// One dimension of a <see cref="SearchSpace{TOptions}"/>: a DeepMlp option (<see cref="OptionName"/> set; each trial's
/// options get the drawn value) or a pipeline choice (read by name with <see cref="SearchTrialSetup{TOptions}.Get{T}"/>).
/// </summary>
public sealed class SearchParameter
{
    private readonly IReadOnlyList<object?> _choices;
    private readonly PropertyInfo? _option;

    internal SearchParameter(string name, SearchParameterKind kind, double min, double max, bool logScale, IReadOnlyList<object?> choices, PropertyInfo? option)
    {
        Name = name;
        Kind = kind;
        Minimum = min;
        Maximum = max;
        _choices = choices;
        _option = option;
        Domain = new ParameterDomain(name, kind, kind == SearchParameterKind.Choice ? 0 : min, kind == SearchParameterKind.Choice ? choices.Count - 1 : max, logScale);
    }

    /// <summary>The name: the option's property name, or the pipeline choice's name.</summary>
    public string Name { get; }

    /// <summary>How values are drawn.</summary>
    public SearchParameterKind Kind { get; }

    /// <summary>Lower bound of a range (included); NaN for a choice.</summary>
    public double Minimum { get; }

    /// <summary>Upper bound of a range (included); NaN for a choice.</summary>
    public double Maximum { get; }

    /// <summary>The values of a choice, in the order given; empty for a range.</summary>
    public IReadOnlyList<object?> Choices => _choices;

    /// <summary>The DeepMlp option this parameter sets, or null for a pipeline choice.</summary>
    public string? OptionName => _option?.Name;

    internal ParameterDomain Domain { get; }

    /// <summary>The value a sampler's encoded <paramref name="encoded"/> stands for (a double, an int or the chosen object).</summary>
    internal object? Decode(double encoded) => Kind switch
    {
        SearchParameterKind.Choice => _choices[Math.Clamp((int)Math.Round(encoded), 0, _choices.Count - 1)],
        SearchParameterKind.WholeNumber => (int)Math.Clamp(Math.Round(encoded), Minimum, Maximum),
        _ => Math.Clamp(encoded, Minimum, Maximum),
    };

    /// <summary>Sets the option on <paramref name="options"/> to <paramref name="value"/> (copying arrays); nothing for a pipeline choice.</summary>
    internal void Apply(object options, object? value)
    {
        if (_option is null)
            return;
        _option.SetValue(options, value is Array array ? array.Clone() : value);
    }

    /// <summary>The value as the trial table and the CSV print it (invariant culture; arrays as "[a, b]").</summary>
    internal static string Format(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("G4", CultureInfo.InvariantCulture),
        float f => f.ToString("G4", CultureInfo.InvariantCulture),
        string s => s,
        System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Format)) + "]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
