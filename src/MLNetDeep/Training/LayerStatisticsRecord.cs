namespace MLNetDeep;

/// <summary>
/// One layer's gradient-flow figures at one instrumented optimizer step (see
/// <see cref="DeepMlpOptionsBase.GradientStatisticsEveryNSteps"/>). The gradient figures are those of the layer's weight
/// matrix (not its bias) as the backward pass left them, before gradient clipping, so that exploding gradients stay
/// visible when clipping is on.
/// </summary>
/// <param name="Step">The 1-based optimizer step (<see cref="StepRecord.Step"/>).</param>
/// <param name="Epoch">The 1-based epoch the step ran in.</param>
/// <param name="Layer">"hidden1", "hidden2", … for the hidden layers, input side first, and "output" for the output layer.</param>
/// <param name="GradientNorm">L2 norm of the weight matrix's gradient.</param>
/// <param name="MeanAbsoluteGradient">Mean absolute value of the weight matrix's gradient.</param>
/// <param name="WeightNorm">L2 norm of the weight matrix before the step.</param>
/// <param name="UpdateToWeightRatio">‖W after − W before‖ / ‖W before‖ for the step (0 for a skipped float16 step).</param>
/// <param name="ActivationMean">
/// Mean of the layer's activation outputs (after normalization and activation, before dropout) over the step's training
/// rows; null for the output layer and under mixed precision (its forward pass runs on a half-precision copy).
/// </param>
/// <param name="ActivationStandardDeviation">Standard deviation of the same values; null where the mean is.</param>
/// <param name="DeadUnitFraction">
/// For ReLU layers, the fraction of the layer's units whose activation was never above 0 on any of the step's training
/// rows (dead ReLU units); null for other activations, the output layer and under mixed precision.
/// </param>
public sealed record LayerStatisticsRecord(
    long Step,
    int Epoch,
    string Layer,
    double GradientNorm,
    double MeanAbsoluteGradient,
    double WeightNorm,
    double UpdateToWeightRatio,
    double? ActivationMean,
    double? ActivationStandardDeviation,
    double? DeadUnitFraction);

/// <summary>
/// One class as <c>Fit</c> saw it at the end of training (classification only): its share of the training rows and
/// the model's recall on it.
/// </summary>
/// <param name="Class">The 0-based class index (binary: 0 = false, 1 = true; multiclass: the key's index).</param>
/// <param name="TrainingWeight">The sum of the example weights of the class's training rows (its row count when all weights are 1).</param>
/// <param name="Recall">
/// The share (example-weighted) of the evaluated rows of this class that the final model predicts as this class; NaN
/// when no evaluated row has it.
/// </param>
/// <param name="EvaluatedOn">"validation" when measured on the validation rows, "training" when there were none.</param>
public sealed record ClassRecord(int Class, double TrainingWeight, double Recall, string EvaluatedOn);
