namespace MLNetDeep.Tests.Architectures;

[TestClass]
public sealed class ArchitectureOptionsValidationTests
{
    [TestMethod]
    public void Create_WithDropoutRatesOfWrongLength_SaysOneRatePerHiddenLayer()
    {
        var options = new DeepMlpBinaryTrainer.Options { HiddenLayerSizes = [16, 8, 4], DropoutRates = [0.1, 0.2] };

        var error = Assert.ThrowsExactly<ArgumentException>(() => new DeepMlpBinaryTrainer(options));

        Assert.AreEqual(
            "Invalid DeepMlp options:" + Environment.NewLine
            + "- DropoutRates is [0.1, 0.2], but must have one rate per hidden layer (3, the length of HiddenLayerSizes), or be null to use DropoutRate for every layer.",
            error.Message);
    }

    [TestMethod]
    public void Create_WithDropoutRateOutOfRange_NamesTheLayer()
    {
        var options = new DeepMlpRegressionTrainer.Options { HiddenLayerSizes = [16, 8], DropoutRates = [0.5, 1] };

        var error = Assert.ThrowsExactly<ArgumentException>(() => new DeepMlpRegressionTrainer(options));

        Assert.AreEqual("Invalid DeepMlp options:" + Environment.NewLine + "- DropoutRates[1] is 1, but must be in [0, 1).", error.Message);
    }

    [TestMethod]
    public void Create_WithUnknownEnumValues_ListsTheValidNames()
    {
        var options = new DeepMlpMulticlassTrainer.Options
        {
            Activation = (Activation)42,
            Normalization = (Normalization)7,
            WeightInitialization = (WeightInitialization)(-1),
        };

        var error = Assert.ThrowsExactly<ArgumentException>(() => new DeepMlpMulticlassTrainer(options));

        Assert.AreEqual(
            "Invalid DeepMlp options:" + Environment.NewLine
            + "- Activation is 42, but must be one of ReLU, LeakyReLU, ELU, GELU, SiLU, Tanh, Sigmoid." + Environment.NewLine
            + "- Normalization is 7, but must be one of None, BatchNorm, LayerNorm." + Environment.NewLine
            + "- WeightInitialization is -1, but must be one of Auto, HeUniform, HeNormal, XavierUniform, XavierNormal, TorchDefault.",
            error.Message);
    }

    [TestMethod]
    public void Create_WithArchitectureOptionsSet_IsValid()
    {
        _ = new DeepMlpBinaryTrainer(new DeepMlpBinaryTrainer.Options
        {
            HiddenLayerSizes = [32, 32, 16],
            Activation = Activation.Sigmoid,
            Normalization = Normalization.LayerNorm,
            Architecture = Architecture.ResNet,
            WeightInitialization = WeightInitialization.XavierNormal,
            DropoutRates = [0.3, 0.1, 0],
        });
    }

    [TestMethod]
    public void Defaults_KeepThePlainNetwork()
    {
        var options = new DeepMlpBinaryTrainer.Options();

        Assert.AreEqual(Normalization.None, options.Normalization);
        Assert.AreEqual(Architecture.Mlp, options.Architecture);
        Assert.AreEqual(32, options.NumberOfTabMMembers);
        Assert.AreEqual(WeightInitialization.Auto, options.WeightInitialization);
        Assert.IsNull(options.DropoutRates);
    }
}
