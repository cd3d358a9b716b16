using PoseML.Core;
using PoseML.Nn.Modules;

namespace PoseML.Nn.Optim;

/// <summary>Base of the optimisers: updates every parameter with <see cref="Parameter.RequiresGrad"/>
/// from its accumulated gradient (frozen parameters are skipped and keep no state). Per-parameter
/// state is allocated once, at construction, so a step allocates nothing. Weight decay is PyTorch's L2
/// form: the gradient used is <c>g + weightDecay·p</c> (the stored gradient is not modified).</summary>
public abstract class Optimizer
{
    private readonly Parameter[] _parameters;

    /// <summary>Takes the parameters to optimise (typically <see cref="Module.Parameters"/>).</summary>
    protected Optimizer(IEnumerable<Parameter> parameters, float learningRate, float weightDecay)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters.ToArray();
        if (_parameters.Distinct().Count() != _parameters.Length)
            throw new InvalidOptionException(nameof(parameters), "a parameter is listed more than once");
        if (!(learningRate >= 0)) throw new InvalidOptionException(nameof(learningRate), $"must be non-negative, got {learningRate}");
        if (!(weightDecay >= 0)) throw new InvalidOptionException(nameof(weightDecay), $"must be non-negative, got {weightDecay}");
        LearningRate = learningRate;
        WeightDecay = weightDecay;
    }

    /// <summary>The parameters, in the order given.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Current learning rate (a schedule may change it between steps).</summary>
    public float LearningRate { get; set; }

    /// <summary>L2 weight-decay coefficient.</summary>
    public float WeightDecay { get; }

    /// <summary>Number of steps taken.</summary>
    public long StepCount { get; private set; }

    /// <summary>Applies one update to every trainable parameter.</summary>
    public void Step()
    {
        StepCount++;
        for (var i = 0; i < _parameters.Length; i++)
        {
            if (_parameters[i].RequiresGrad) Update(i, _parameters[i]);
        }
    }

    /// <summary>Clears every parameter's gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters) p.ZeroGrad();
    }

    /// <summary>Updates parameter <paramref name="index"/> (state arrays are indexed the same way).</summary>
    protected abstract void Update(int index, Parameter parameter);

    /// <summary>One zero-filled state array per parameter, shaped like it.</summary>
    protected float[][] NewState() => _parameters.Select(p => new float[p.Length]).ToArray();
}
