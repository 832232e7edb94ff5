namespace MLNetDeep.Search;

/// <summary>
/// Proposes the parameter values of trials. Deterministic: the proposal for trial <c>number</c> depends only on the
/// sampler's seed, <c>number</c> and the finished trials it is given (which the search picks so that they do not
/// depend on the order in which parallel trials end), never on earlier calls.
/// </summary>
internal interface ISearchSampler
{
    /// <summary>How many distinct proposals there are (a grid's size), or null for no limit.</summary>
    int? Capacity { get; }

    /// <summary>The values for trial <paramref name="number"/>, one per domain in order, encoded as <see cref="ParameterDomain"/> says.</summary>
    /// <param name="number">0-based trial number.</param>
    /// <param name="finished">Trials that ended before this one was proposed, in trial-number order.</param>
    double[] Propose(int number, IReadOnlyList<FinishedTrial> finished);
}
