namespace MLNetDeep;

// Architecture options: see the XML docs of each property.
public abstract partial class DeepMlpOptionsBase
{
}

/// <summary>Checks the architecture options.</summary>
internal static class ArchitectureOptionsValidator
{
    public static void Validate(DeepMlpOptionsBase o, OptionErrors errors)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(errors);
    }
}
