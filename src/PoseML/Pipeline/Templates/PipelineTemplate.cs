using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data.View;
using PoseML.Pipeline.Search;

namespace PoseML.Pipeline.Templates;

/// <summary>A named, ready-made pipeline (e.g. <c>linear</c>) that tools such as <c>poseml cv</c> and
/// <c>poseml sweep</c> can build by name, with the search space of its options type.</summary>
public interface IPipelineTemplate
{
    /// <summary>The name users type (<c>--model linear</c>).</summary>
    string Name { get; }

    /// <summary>One line: what the pipeline does.</summary>
    string Description { get; }

    /// <summary>The options type searched by <see cref="Sweep"/>.</summary>
    Type OptionsType { get; }

    /// <summary>The pipeline with default options and the full budget.</summary>
    IEstimator<ITransformer> Create(PoseContext context);

    /// <summary>Searches the options' <c>[Range]</c>/<c>[Choice]</c> space (see <see cref="HyperparameterSearch"/>).</summary>
    SweepResult Sweep(PoseContext context, IDataView data, Func<IDataView, IReadOnlyDictionary<string, double>> evaluate, SweepOptions options);
}

/// <summary>A pipeline template over options <typeparamref name="TOptions"/>: a builder from (context, options,
/// budget) to an estimator. Registering one in <see cref="PipelineTemplates"/> is one line.</summary>
/// <typeparam name="TOptions">The options record whose attributes declare the search space.</typeparam>
public sealed class PipelineTemplate<TOptions> : IPipelineTemplate where TOptions : class
{
    private readonly Func<PoseContext, TOptions, TrialBudget?, IEstimator<ITransformer>> _build;

    /// <summary>Creates the template. <paramref name="build"/> receives a null budget for a plain fit.</summary>
    public PipelineTemplate(string name, string description, TOptions defaults, Func<PoseContext, TOptions, TrialBudget?, IEstimator<ITransformer>> build)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new InvalidOptionException(nameof(name), "must not be empty");
        Name = name;
        Description = description ?? "";
        Defaults = defaults ?? throw new ArgumentNullException(nameof(defaults));
        _build = build ?? throw new ArgumentNullException(nameof(build));
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>The default options.</summary>
    public TOptions Defaults { get; }

    /// <inheritdoc />
    public Type OptionsType => typeof(TOptions);

    /// <inheritdoc />
    public IEstimator<ITransformer> Create(PoseContext context) => _build(context, Defaults, null);

    /// <summary>The pipeline for given options.</summary>
    public IEstimator<ITransformer> Create(PoseContext context, TOptions options, TrialBudget? budget = null) => _build(context, options, budget);

    /// <inheritdoc />
    public SweepResult Sweep(PoseContext context, IDataView data, Func<IDataView, IReadOnlyDictionary<string, double>> evaluate, SweepOptions options) =>
        HyperparameterSearch.Run(context, data, Defaults, (o, b) => _build(context, o, b), evaluate, options);
}
