using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep;

/// <summary>
/// An estimator chain, built with <see cref="Append{TNewTransformer}"/> like ML.NET's
/// <see cref="EstimatorChain{TLastTransformer}"/>, that can also be fitted with validation data:
/// <see cref="Fit(IDataView, IDataView)"/> fits the estimators before the one DeepMlp trainer on the training rows only,
/// applies them to the validation rows and gives both to the trainer (for early stopping and
/// <see cref="DeepMlpTransformer.History"/>), so no upstream estimator (a normalizer, for example) ever sees a validation row.
/// </summary>
/// <remarks>
/// ML.NET cannot pass validation data to a trainer inside a pipeline, and its <see cref="EstimatorChain{TLastTransformer}"/>
/// does not make its estimators public, so this chain records them itself; start it with
/// <c>new DeepMlpEstimatorChain&lt;ITransformer&gt;()</c>. Both <c>Fit</c> overloads return the
/// <see cref="TransformerChain{TLastTransformer}"/> that an <see cref="EstimatorChain{TLastTransformer}"/> of the same
/// estimators returns (one transformer per appended estimator, with its <see cref="TransformerScope"/>), so it scores,
/// saves and loads the same way. An appended estimator chain is fitted as one step and becomes a nested transformer
/// chain, as in ML.NET; a DeepMlp trainer inside such a nested chain cannot be given the validation data and
/// <see cref="Fit(IDataView, IDataView)"/> refuses it. Cache checkpoints are not offered: the DeepMlp trainer caches the
/// rows it reads; cache the input with <c>mlContext.Data.Cache</c> when upstream estimators read it often.
/// </remarks>
/// <typeparam name="TLastTransformer">The type of transformer the last estimator fits; <see cref="ITransformer"/> for an empty chain.</typeparam>
public sealed class DeepMlpEstimatorChain<TLastTransformer> : IEstimator<TransformerChain<TLastTransformer>>, IValidatingChain
    where TLastTransformer : class, ITransformer
{
    private readonly IEstimator<ITransformer>[] _estimators;
    private readonly TransformerScope[] _scopes;

    /// <summary>Creates an empty chain; add estimators with <see cref="Append{TNewTransformer}"/>.</summary>
    public DeepMlpEstimatorChain()
        : this([], [])
    {
    }

    private DeepMlpEstimatorChain(IEstimator<ITransformer>[] estimators, TransformerScope[] scopes)
    {
        _estimators = estimators;
        _scopes = scopes;
    }

    /// <summary>The estimators, in the order they were appended.</summary>
    public IReadOnlyList<IEstimator<ITransformer>> Estimators => Array.AsReadOnly(_estimators);

    /// <summary>The last estimator, or null when the chain is empty.</summary>
    public IEstimator<TLastTransformer>? LastEstimator => _estimators.LastOrDefault() as IEstimator<TLastTransformer>;

    /// <summary>A new chain with <paramref name="estimator"/> after the estimators of this one (this chain is unchanged).</summary>
    /// <param name="estimator">The estimator to append.</param>
    /// <param name="scope">Where its transformer applies, as in <see cref="EstimatorChain{TLastTransformer}.Append{TNewTrans}"/>.</param>
    public DeepMlpEstimatorChain<TNewTransformer> Append<TNewTransformer>(IEstimator<TNewTransformer> estimator, TransformerScope scope = TransformerScope.Everything)
        where TNewTransformer : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(estimator);
        return new DeepMlpEstimatorChain<TNewTransformer>([.. _estimators, (IEstimator<ITransformer>)estimator], [.. _scopes, scope]);
    }

    /// <summary>
    /// Fits every estimator in turn on <paramref name="input"/> transformed by the ones before it, as
    /// <see cref="EstimatorChain{TLastTransformer}.Fit"/> does; a DeepMlp trainer carves its own validation rows, if its
    /// options ask for them.
    /// </summary>
    /// <param name="input">The training data.</param>
    public TransformerChain<TLastTransformer> Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var fitted = new ITransformer[_estimators.Length];
        var current = input;
        for (int i = 0; i < _estimators.Length; i++)
        {
            fitted[i] = _estimators[i].Fit(current);
            current = fitted[i].Transform(current);
        }
        return new TransformerChain<TLastTransformer>(fitted, _scopes);
    }

    /// <summary>
    /// Fits the chain on <paramref name="trainingData"/> and validates its one DeepMlp trainer on
    /// <paramref name="validationData"/>: the estimators before the trainer are fitted in turn on the training rows only;
    /// the validation rows go through all their transformers, as <see cref="TransformerChain{TLastTransformer}.Transform(IDataView)"/>
    /// applies them to data scored later (scopes only matter to <c>GetModelFor</c>);
    /// the trainer is fitted as <see cref="DeepMlpTrainer{TTask, TOptions}.Fit(IDataView, IDataView)"/>; the estimators
    /// after it (<c>MapKeyToValue</c>, for example) are fitted on the scored training rows.
    /// </summary>
    /// <param name="trainingData">The raw training rows.</param>
    /// <param name="validationData">The raw validation rows, with the training rows' columns.</param>
    /// <returns>The fitted chain, as <see cref="Fit(IDataView)"/> returns it.</returns>
    /// <exception cref="ArgumentException">The chain has no DeepMlp trainer, several, or one inside a nested chain.</exception>
    public TransformerChain<TLastTransformer> Fit(IDataView trainingData, IDataView validationData)
    {
        ArgumentNullException.ThrowIfNull(trainingData);
        ArgumentNullException.ThrowIfNull(validationData);
        int trainerIndex = SingleTrainerIndex();

        var fitted = new ITransformer[_estimators.Length];
        var training = trainingData;
        var validation = validationData;
        for (int i = 0; i < _estimators.Length; i++)
        {
            if (i == trainerIndex)
            {
                fitted[i] = ((IValidatingTrainer)_estimators[i]).Fit(training, validation);
            }
            else
            {
                fitted[i] = _estimators[i].Fit(training);
                RefuseNestedDeepMlp(fitted[i], i);
                if (i < trainerIndex)
                    validation = fitted[i].Transform(validation);
            }
            training = fitted[i].Transform(training);
        }
        return new TransformerChain<TLastTransformer>(fitted, _scopes);
    }

    ITransformer IValidatingChain.Fit(IDataView trainingData, IDataView validationData) => Fit(trainingData, validationData);

    int IValidatingChain.TrainerCount => _estimators.Count(e => e is IValidatingTrainer);

    /// <summary>The schema after every estimator, from <paramref name="inputSchema"/>; throws where an estimator does not accept its input.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return _estimators.Aggregate(inputSchema, (shape, estimator) => estimator.GetOutputSchema(shape));
    }

    private int SingleTrainerIndex()
    {
        var trainers = Enumerable.Range(0, _estimators.Length).Where(i => _estimators[i] is IValidatingTrainer).ToList();
        if (trainers.Count == 1)
            return trainers[0];
        string found = trainers.Count == 0
            ? $"none among its estimators ({Describe(Enumerable.Range(0, _estimators.Length))}; a trainer inside a nested chain does not count)"
            : $"{trainers.Count} (estimators {Describe(trainers)})";
        throw new ArgumentException(
            $"Fit(trainingData, validationData) needs exactly one DeepMlp trainer in the chain, to give the validation data to; found {found}.");
    }

    private string Describe(IEnumerable<int> indexes) =>
        _estimators.Length == 0 ? "the chain is empty" : string.Join(", ", indexes.Select(i => $"{i}: {_estimators[i].GetType().Name}"));

    /// <summary>A DeepMlp trainer inside a nested chain cannot be seen before fitting; the transformer the chain fitted shows it.</summary>
    private void RefuseNestedDeepMlp(ITransformer transformer, int index)
    {
        if (ContainsDeepMlp(transformer))
        {
            throw new ArgumentException(
                $"Estimator {index} ({_estimators[index].GetType().Name}) is a nested chain that fitted a DeepMlp model without the validation data; "
                + "append the DeepMlp trainer to the DeepMlpEstimatorChain itself, not inside a nested chain.");
        }
    }

    private static bool ContainsDeepMlp(ITransformer transformer) =>
        transformer is DeepMlpTransformer || (transformer is IEnumerable<ITransformer> chain && chain.Any(ContainsDeepMlp));
}
