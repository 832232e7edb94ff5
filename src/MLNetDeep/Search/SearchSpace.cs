using System.Linq.Expressions;
using System.Reflection;

namespace MLNetDeep;

/// <summary>
/// What a hyperparameter search may change: DeepMlp options (selected with a lambda, <c>o =&gt; o.LearningRate</c>) and
/// pipeline choices (by name, read by the pipeline with <see cref="SearchTrialSetup{TOptions}.Get{T}"/>), each a
/// uniform or log-uniform range, a range of whole numbers or a list of choices. Every trial starts from a copy of the
/// base options and sets the drawn values. Each method validates its arguments and returns this space, so calls chain:
/// <code>
/// var space = new SearchSpace&lt;DeepMlpBinaryTrainer.Options&gt;()
///     .LogUniform(o =&gt; o.LearningRate, 1e-4, 1e-2)
///     .Choice(o =&gt; o.BatchSize, 64, 128, 256)
///     .Choice(o =&gt; o.HiddenLayerSizes, [128], [256, 128], [512, 256])
///     .Uniform(o =&gt; o.DropoutRate, 0, 0.5)
///     .Choice("Normalizer", "MeanVariance", "MinMax");
/// </code>
/// </summary>
/// <typeparam name="TOptions">The trainer's options type, for example <see cref="DeepMlpBinaryTrainer.Options"/>.</typeparam>
public sealed class SearchSpace<TOptions>
    where TOptions : DeepMlpOptionsBase, new()
{
    private readonly List<SearchParameter> _parameters = [];
    private readonly TOptions _baseOptions;

    /// <summary>Creates an empty space over copies of <paramref name="baseOptions"/> (taken now; null for the defaults).</summary>
    /// <param name="baseOptions">The options every trial starts from: columns, epochs, early stopping and so on.</param>
    public SearchSpace(TOptions? baseOptions = null)
    {
        _baseOptions = (TOptions)(baseOptions ?? new TOptions()).Clone();
    }

    /// <summary>The parameters in the order they were added (the order of the trial table's columns).</summary>
    public IReadOnlyList<SearchParameter> Parameters => _parameters;

    /// <summary>A copy of the options every trial starts from.</summary>
    public TOptions BaseOptions => (TOptions)_baseOptions.Clone();

    /// <summary>Draws the option uniformly from [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public SearchSpace<TOptions> Uniform(Expression<Func<TOptions, double>> option, double minimum, double maximum) =>
        AddRange(OptionOf(option), SearchParameterKind.Uniform, minimum, maximum, logScale: false);

    /// <summary>Draws a pipeline value uniformly from [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public SearchSpace<TOptions> Uniform(string name, double minimum, double maximum) =>
        AddRange(NameOf(name), SearchParameterKind.Uniform, minimum, maximum, logScale: false);

    /// <summary>Draws the option log-uniformly from [<paramref name="minimum"/>, <paramref name="maximum"/>], 0 &lt; minimum: the usual scale for learning rates and penalties.</summary>
    public SearchSpace<TOptions> LogUniform(Expression<Func<TOptions, double>> option, double minimum, double maximum) =>
        AddRange(OptionOf(option), SearchParameterKind.LogUniform, minimum, maximum, logScale: true);

    /// <summary>Draws a pipeline value log-uniformly from [<paramref name="minimum"/>, <paramref name="maximum"/>], 0 &lt; minimum.</summary>
    public SearchSpace<TOptions> LogUniform(string name, double minimum, double maximum) =>
        AddRange(NameOf(name), SearchParameterKind.LogUniform, minimum, maximum, logScale: true);

    /// <summary>Draws the option from the whole numbers <paramref name="minimum"/> to <paramref name="maximum"/> (both included), log-uniformly with <paramref name="logScale"/> (minimum ≥ 1).</summary>
    public SearchSpace<TOptions> WholeNumber(Expression<Func<TOptions, int>> option, int minimum, int maximum, bool logScale = false) =>
        AddRange(OptionOf(option), SearchParameterKind.WholeNumber, minimum, maximum, logScale);

    /// <summary>Draws a pipeline value from the whole numbers <paramref name="minimum"/> to <paramref name="maximum"/> (both included).</summary>
    public SearchSpace<TOptions> WholeNumber(string name, int minimum, int maximum, bool logScale = false) =>
        AddRange(NameOf(name), SearchParameterKind.WholeNumber, minimum, maximum, logScale);

    /// <summary>Sets the option to one of <paramref name="values"/> (arrays are copied into each trial's options).</summary>
    public SearchSpace<TOptions> Choice<T>(Expression<Func<TOptions, T>> option, params T[] values) =>
        AddChoice(OptionOf(option), values);

    /// <summary>A pipeline choice among <paramref name="values"/> (for example which normalizer to use).</summary>
    public SearchSpace<TOptions> Choice<T>(string name, params T[] values) =>
        AddChoice(NameOf(name), values);

    private SearchSpace<TOptions> AddRange((string Name, PropertyInfo? Option) target, SearchParameterKind kind, double minimum, double maximum, bool logScale)
    {
        string what = $"The search range of '{target.Name}'";
        if (!double.IsFinite(minimum) || !double.IsFinite(maximum) || minimum >= maximum)
            throw new ArgumentOutOfRangeException(nameof(minimum), minimum, $"{what} is [{minimum}, {maximum}], but needs finite bounds with minimum < maximum.");
        if (kind == SearchParameterKind.LogUniform && minimum <= 0)
            throw new ArgumentOutOfRangeException(nameof(minimum), minimum, $"{what} is log-uniform, so its minimum must be > 0 (for example 1e-5).");
        if (kind == SearchParameterKind.WholeNumber && logScale && minimum < 1)
            throw new ArgumentOutOfRangeException(nameof(minimum), minimum, $"{what} is on a log scale, so its minimum must be ≥ 1.");
        if (target.Option is { } property && (Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType) is var type
            && type != (kind == SearchParameterKind.WholeNumber ? typeof(int) : typeof(double)))
        {
            string advice = type == typeof(int) ? $"use WholeNumber(o => o.{target.Name}, min, max{(logScale ? ", logScale: true" : "")}) or Choice"
                : type == typeof(double) ? $"use {(logScale ? "LogUniform" : "Uniform")}(o => o.{target.Name}, min, max) or Choice"
                : $"use Choice(o => o.{target.Name}, ...)";
            throw new ArgumentException($"'{target.Name}' is an option of type {type.Name}, so it cannot take a {kind} range: {advice}.", nameof(target));
        }
        return Add(new SearchParameter(target.Name, kind, minimum, maximum, logScale, [], target.Option));
    }

    private SearchSpace<TOptions> AddChoice<T>((string Name, PropertyInfo? Option) target, T[] values)
    {
        if (values is null || values.Length == 0)
            throw new ArgumentException($"The choice '{target.Name}' needs at least one value.", nameof(values));
        if (target.Option is { } property && Array.FindIndex(values, v => v is null ? property.PropertyType.IsValueType && Nullable.GetUnderlyingType(property.PropertyType) is null
            : !property.PropertyType.IsInstanceOfType(v)) is var at && at >= 0)
        {
            object? wrong = values[at];
            throw new ArgumentException($"The choice '{target.Name}' has the value {SearchParameter.Format(wrong)} of type {wrong?.GetType().Name ?? "null"}, "
                + $"but the option is of type {(Nullable.GetUnderlyingType(property.PropertyType) is { } inner ? inner.Name + "?" : property.PropertyType.Name)}: give values of that type.", nameof(values));
        }
        return Add(new SearchParameter(target.Name, SearchParameterKind.Choice, double.NaN, double.NaN, false,
            [.. values.Select(v => v is Array a ? a.Clone() : (object?)v)], target.Option));
    }

    private SearchSpace<TOptions> Add(SearchParameter parameter)
    {
        if (_parameters.Any(p => p.Name == parameter.Name))
            throw new ArgumentException($"The search space already has a parameter named '{parameter.Name}'; each option or pipeline choice can be searched once.", nameof(parameter));
        _parameters.Add(parameter);
        return this;
    }

    private static (string, PropertyInfo?) NameOf(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (typeof(TOptions).GetProperty(name, BindingFlags.Public | BindingFlags.Instance) is not null)
            throw new ArgumentException($"'{name}' is a property of {typeof(TOptions).Name}: select it with a lambda (o => o.{name}) so each trial's options get the value.", nameof(name));
        return (name, null);
    }

    private static (string, PropertyInfo?) OptionOf(LambdaExpression option)
    {
        ArgumentNullException.ThrowIfNull(option);
        var body = option.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : option.Body;
        if (body is not MemberExpression { Member: PropertyInfo property, Expression: ParameterExpression }
            || property.SetMethod is not { IsPublic: true })
        {
            throw new ArgumentException($"The option selector '{option}' must name a settable property of the options, like o => o.LearningRate "
                + "(nested options such as o.EarlyStopping.Patience cannot be searched; search a pipeline choice and set them in the pipeline).", nameof(option));
        }
        if (property.Name is nameof(DeepMlpOptionsBase.CancellationToken) or nameof(DeepMlpOptionsBase.Progress))
            throw new ArgumentException($"'{property.Name}' is set by the search (SearchOptions.{property.Name}); it cannot be searched.", nameof(option));
        return (property.Name, property);
    }
}
