using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Examples;

/// <summary>
/// Loaders for the datasets in examples/data (see its README for sources and licences), each returning the raw
/// view and the preprocessing a user would put in front of a trainer: label conversion, feature assembly and
/// normalization. Fit that preprocessing on training rows only.
/// </summary>
public static class BundledDatasets
{
    /// <summary>Spambase: 57 numeric features, Boolean label (spam).</summary>
    public static (IDataView Data, IEstimator<ITransformer> Preprocessing) Spambase(MLContext ml)
    {
        var data = Load(ml, "spambase.csv",
            [new TextLoader.Column("Raw", DataKind.Single, 0, 56), new TextLoader.Column("type", DataKind.String, 57)]);
        var preprocessing = SpambaseLabel(ml)
            .Append(ml.Transforms.Concatenate("Features", "Raw"))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"));
        return (data, preprocessing);
    }

    /// <summary>
    /// Spambase with its Boolean <c>Label</c> column already added beside the 57 features (the vector column <c>Raw</c>),
    /// for a test-once workflow, which splits on the label. Mapping the label first leaks nothing: the map learns
    /// nothing from the rows. The features still need their preprocessing, fitted on training rows only.
    /// </summary>
    public static IDataView SpambaseWithLabel(MLContext ml)
    {
        var (data, _) = Spambase(ml);
        return SpambaseLabel(ml).Fit(data).Transform(data);
    }

    /// <summary>
    /// Sonar (mines vs. rocks): 60 numeric features (sonar energy per frequency band, in [0, 1]), Boolean label
    /// (true = metal cylinder, "M"). 208 rows: small enough that a large network memorizes it.
    /// </summary>
    public static (IDataView Data, IEstimator<ITransformer> Preprocessing) Sonar(MLContext ml)
    {
        var data = Load(ml, "sonar.csv",
            [new TextLoader.Column("Raw", DataKind.Single, 0, 59), new TextLoader.Column("Class", DataKind.String, 60)]);
        var preprocessing = ml.Transforms.Conversion.MapValue("Label", new Dictionary<string, bool> { ["M"] = true, ["R"] = false }, "Class")
            .Append(ml.Transforms.Concatenate("Features", "Raw"))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"));
        return (data, preprocessing);
    }

    /// <summary>
    /// Pima Indians Diabetes: 8 numeric features (zeros stand for unmeasured values, as published), Boolean label
    /// (true = "pos"). 768 rows, 35% positive.
    /// </summary>
    public static (IDataView Data, IEstimator<ITransformer> Preprocessing) Pima(MLContext ml)
    {
        var data = Load(ml, "pima_diabetes.csv",
            [new TextLoader.Column("Raw", DataKind.Single, 0, 7), new TextLoader.Column("diabetes", DataKind.String, 8)]);
        var preprocessing = ml.Transforms.Conversion.MapValue("Label", new Dictionary<string, bool> { ["pos"] = true, ["neg"] = false }, "diabetes")
            .Append(ml.Transforms.Concatenate("Features", "Raw"))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"));
        return (data, preprocessing);
    }

    /// <summary>Statlog Landsat Satellite: 36 numeric features, 6 soil/crop classes as a key label.</summary>
    public static (IDataView Data, IEstimator<ITransformer> Preprocessing) Satellite(MLContext ml)
    {
        var data = Load(ml, "satellite.csv",
            [new TextLoader.Column("Raw", DataKind.Single, 0, 35), new TextLoader.Column("classes", DataKind.String, 36)]);
        var preprocessing = ml.Transforms.Conversion.MapValueToKey("Label", "classes")
            .Append(ml.Transforms.Concatenate("Features", "Raw"))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"));
        return (data, preprocessing);
    }

    /// <summary>Diamonds: 6 numeric and 3 categorical (one-hot) features, price as a Single label.</summary>
    public static (IDataView Data, IEstimator<ITransformer> Preprocessing) Diamonds(MLContext ml)
    {
        var data = Load(ml, "diamonds.csv",
            [
                new TextLoader.Column("carat", DataKind.Single, 0),
                new TextLoader.Column("cut", DataKind.String, 1),
                new TextLoader.Column("color", DataKind.String, 2),
                new TextLoader.Column("clarity", DataKind.String, 3),
                new TextLoader.Column("dimensions", DataKind.Single, 4, 8),
                new TextLoader.Column("Label", DataKind.Single, 9),
            ]);
        var preprocessing = ml.Transforms.Categorical.OneHotEncoding([new("cut"), new("color"), new("clarity")])
            .Append(ml.Transforms.Concatenate("Features", "carat", "dimensions", "cut", "color", "clarity"))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"));
        return (data, preprocessing);
    }

    /// <summary>Spambase's label: the text column <c>type</c> ("spam" or "nonspam") as a Boolean <c>Label</c>.</summary>
    private static Microsoft.ML.Transforms.ValueMappingEstimator<string, bool> SpambaseLabel(MLContext ml) =>
        ml.Transforms.Conversion.MapValue("Label", new Dictionary<string, bool> { ["spam"] = true, ["nonspam"] = false }, "type");

    /// <summary>
    /// Loads a bundled CSV file. The loader reads the header at creation, so vector columns get slot names from it
    /// (they show up in feature importance and survive <c>Concatenate</c>).
    /// </summary>
    private static IDataView Load(MLContext ml, string fileName, TextLoader.Column[] columns)
    {
        string path = PathOf(fileName);
        var loader = ml.Data.CreateTextLoader(columns, separatorChar: ',', hasHeader: true, allowQuoting: true, dataSample: new MultiFileSource(path));
        return loader.Load(path);
    }

    /// <summary>The full path of a bundled file, found by walking up from the running program to examples/data.</summary>
    public static string PathOf(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples", "data", fileName);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException($"Bundled dataset '{fileName}' was not found in examples/data above {AppContext.BaseDirectory}.");
    }
}
