namespace MLNetDeep;

// Optimization options: see the XML docs of each property.
public abstract partial class DeepMlpOptionsBase
{
}

/// <summary>Checks the optimization options.</summary>
internal static class OptimizationOptionsValidator
{
    public static void Validate(DeepMlpOptionsBase o, OptionErrors errors)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(errors);
    }
}
