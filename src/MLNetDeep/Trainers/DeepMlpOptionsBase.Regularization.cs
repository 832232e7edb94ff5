namespace MLNetDeep;

// Regularization options: see the XML docs of each property.
public abstract partial class DeepMlpOptionsBase
{
}

/// <summary>Checks the regularization options.</summary>
internal static class RegularizationOptionsValidator
{
    public static void Validate(DeepMlpOptionsBase o, OptionErrors errors)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(errors);
    }
}
