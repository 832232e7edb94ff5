using Microsoft.ML;
using MLNetDeep.Tests.Trainers;

namespace MLNetDeep.Tests.Data;

/// <summary>A fit whose rows fit the cache reads the training view once: the first pass; carving and epochs use the cached rows.</summary>
[TestClass]
public sealed class PassCountTests
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(0.2)]
    public void Fit_RowsUnderTheCacheCap_OpensTheTrainingDataOnce(double validationFraction)
    {
        var data = new CountingView(SyntheticData.Regression(_ml, 200));
        var options = new DeepMlpRegressionTrainer.Options { HiddenLayerSizes = [4], NumberOfEpochs = 2, Seed = 1, ValidationFraction = validationFraction };

        using var model = _ml.Regression.Trainers.DeepMlp(options).Fit(data);

        Assert.AreEqual(1, data.Opened);
    }

    /// <summary>Counts the cursors (and cursor sets) opened on a view.</summary>
    private sealed class CountingView(IDataView source) : IDataView
    {
        private int _opened;

        public int Opened => _opened;

        public bool CanShuffle => source.CanShuffle;

        public DataViewSchema Schema => source.Schema;

        public long? GetRowCount() => source.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            Interlocked.Increment(ref _opened);
            return source.GetRowCursor(columnsNeeded, rand);
        }

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        {
            Interlocked.Increment(ref _opened);
            return source.GetRowCursorSet(columnsNeeded, n, rand);
        }
    }
}
