using IDataView = Microsoft.ML.IDataView;
using PoseML.Pipeline.CrossValidation;

namespace PoseML.Pipeline.Search;

/// <summary>What <see cref="SearchRunner"/> needs from an estimator API (ML.NET's, through <c>SweepPoses</c>): how to check an
/// estimator against the data's schema, fit it, apply the model, save it, and where progress goes.</summary>
/// <typeparam name="TEstimator">The API's estimator type.</typeparam>
/// <typeparam name="TModel">The API's fitted-model type.</typeparam>
/// <param name="CheckSchema">Throws when the estimator cannot fit the data (before any row is read).</param>
/// <param name="Fit">Fits an estimator.</param>
/// <param name="Transform">Applies a model (lazily).</param>
/// <param name="Save">Saves the refitted best model (model, training data, path).</param>
/// <param name="IsTrialFailure">Which exceptions of a trial are recorded as a failed trial instead of ending the search.</param>
/// <param name="Hooks">Progress (operation <c>Sweep</c>) and cancellation.</param>
/// <param name="CrossValidationHooks">Progress of per-trial cross-validation (operation <c>CrossValidate</c>).</param>
internal sealed record SearchHost<TEstimator, TModel>(
    Action<TEstimator, IDataView> CheckSchema,
    Func<TEstimator, IDataView, TModel> Fit,
    Func<TModel, IDataView, IDataView> Transform,
    Action<TModel, IDataView, string> Save,
    Func<Exception, bool> IsTrialFailure,
    RunHooks Hooks,
    RunHooks CrossValidationHooks);

/// <summary>What <see cref="SearchRunner"/> found, whatever the model type.</summary>
internal sealed record SearchOutcome<TOptions, TModel>(IReadOnlyList<TrialRecord> Trials, TrialRecord Best, TOptions BestOptions, TModel? Model, int ResumedTrials);
