namespace MLNetDeep.Cli.Data;

/// <summary>A column the model reads, as written to the normalized CSV files and loaded by ML.NET.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Numeric">True: loaded as Single (missing values as NaN); false: loaded as text.</param>
public sealed record DataColumn(string Name, bool Numeric);
