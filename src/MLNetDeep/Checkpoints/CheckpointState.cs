using System.Globalization;
using System.Text.Json;

namespace MLNetDeep;

/// <summary>
/// What one callback keeps in a training checkpoint: named values it writes in
/// <see cref="TrainingCallback.OnSaveCheckpoint"/> and reads back in <see cref="TrainingCallback.OnRestoreCheckpoint"/>.
/// Numbers round-trip exactly. Each callback has its own state, so keys only need to be unique within one callback.
/// </summary>
public sealed class CheckpointState
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <summary>The keys written so far.</summary>
    public IReadOnlyCollection<string> Keys => _values.Keys;

    /// <summary>Whether <paramref name="key"/> was written.</summary>
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <summary>Stores a string.</summary>
    public void Set(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        _values[key] = value;
    }

    /// <summary>Stores a number (exactly, including NaN and infinities).</summary>
    public void Set(string key, double value) => Set(key, value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Stores an integer.</summary>
    public void Set(string key, long value) => Set(key, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Stores a flag.</summary>
    public void Set(string key, bool value) => Set(key, value ? "true" : "false");

    /// <summary>Stores bytes (for example a serialized object or tensor).</summary>
    public void Set(string key, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Set(key, Convert.ToBase64String(value));
    }

    /// <summary>Reads a string.</summary>
    /// <exception cref="KeyNotFoundException">The key was not written; the message lists the keys that were.</exception>
    public string GetString(string key) => _values.TryGetValue(key, out var value) ? value
        : throw new KeyNotFoundException($"The checkpoint state has no key '{key}'. Keys written: {(_values.Count == 0 ? "none" : string.Join(", ", _values.Keys))}.");

    /// <summary>Reads a number written with <see cref="Set(string, double)"/>.</summary>
    public double GetDouble(string key) => double.Parse(GetString(key), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Reads an integer written with <see cref="Set(string, long)"/>.</summary>
    public long GetInt64(string key) => long.Parse(GetString(key), NumberStyles.Integer, CultureInfo.InvariantCulture);

    /// <summary>Reads a flag written with <see cref="Set(string, bool)"/>.</summary>
    public bool GetBoolean(string key) => GetString(key) == "true";

    /// <summary>Reads bytes written with <see cref="Set(string, byte[])"/>.</summary>
    public byte[] GetBytes(string key) => Convert.FromBase64String(GetString(key));

    internal byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(_values);

    internal static CheckpointState FromBytes(byte[] bytes)
    {
        var state = new CheckpointState();
        foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(bytes) ?? [])
            state._values[key] = value;
        return state;
    }
}
