using PoseML.Core;
using PoseML.Nn.Serialization;

namespace PoseML.Nn.Modules;

/// <summary>Base of every network layer, PyTorch-shaped. <see cref="Forward"/> maps an input batch to
/// an output and caches what <see cref="Backward"/> needs; <see cref="Backward"/> takes the gradient of
/// the loss with respect to the last output, adds the parameter gradients into
/// <see cref="Parameter.Grad"/> and returns the gradient with respect to the last input.</summary>
/// <remarks>
/// Output and gradient tensors are buffers owned by the module and reused across calls (resized, not
/// reallocated, unless the batch grows): a returned tensor is valid until the module's next
/// <see cref="Forward"/> or <see cref="Backward"/>, and callers must not keep it across steps. The input
/// passed to <see cref="Forward"/> must stay unchanged until <see cref="Backward"/> ran.
/// Parameters, buffers and submodules are registered by name in the constructor, in PyTorch's order, so
/// <see cref="NamedParameters"/> and <see cref="StateDict"/> give PyTorch's <c>state_dict</c> keys
/// (<c>layers.0.weight</c>).
/// </remarks>
public abstract class Module
{
    private readonly List<(string Name, Parameter Parameter)> _parameters = new();
    private readonly List<(string Name, ModuleBuffer Buffer)> _buffers = new();
    private readonly List<(string Name, Module Module)> _children = new();

    /// <summary>Whether the module is in training mode (the default); see <see cref="Train"/>.</summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>Computes the output for a batch (first dimension = batch) and caches what backward needs.</summary>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Back-propagates <paramref name="gradOutput"/> (shaped like the last output): accumulates
    /// parameter gradients and returns the gradient with respect to the last input.</summary>
    public abstract Tensor Backward(Tensor gradOutput);

    /// <summary>Switches this module and its submodules to training (<paramref name="on"/> true) or
    /// evaluation mode. Returns this module.</summary>
    public Module Train(bool on = true)
    {
        IsTraining = on;
        foreach (var (_, child) in _children) child.Train(on);
        OnModeChanged();
        return this;
    }

    /// <summary>Switches to evaluation mode (BatchNorm uses running statistics, Dropout is the identity).</summary>
    public Module Eval() => Train(false);

    /// <summary>Called after the mode changed.</summary>
    protected virtual void OnModeChanged() { }

    /// <summary>The direct submodules with their names, in registration order.</summary>
    public IReadOnlyList<(string Name, Module Module)> Children => _children;

    /// <summary>Every parameter of this module and its submodules with its state-dict name.</summary>
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters() => Walk("", m => m._parameters);

    /// <summary>Every buffer of this module and its submodules with its state-dict name.</summary>
    public IEnumerable<(string Name, ModuleBuffer Buffer)> NamedBuffers() => Walk("", m => m._buffers);

    /// <summary>Every parameter, in state-dict order (materialised; cache it for hot loops).</summary>
    public Parameter[] Parameters() => NamedParameters().Select(p => p.Parameter).ToArray();

    /// <summary>Number of trainable scalars (all parameters).</summary>
    public long ParameterCount => NamedParameters().Sum(p => (long)p.Parameter.Length);

    /// <summary>Clears the gradient of every parameter.</summary>
    public void ZeroGrad()
    {
        foreach (var (_, p) in NamedParameters()) p.ZeroGrad();
    }

    /// <summary>Sets <see cref="Parameter.RequiresGrad"/> on every parameter (false freezes the module).</summary>
    public void SetRequiresGrad(bool requiresGrad)
    {
        foreach (var (_, p) in NamedParameters()) p.RequiresGrad = requiresGrad;
    }

    /// <summary>A copy of every parameter and buffer by state-dict name (F32, and I64 for integer buffers).</summary>
    public Dictionary<string, SafeTensor> StateDict()
    {
        var state = new Dictionary<string, SafeTensor>(StringComparer.Ordinal);
        foreach (var (name, p) in NamedParameters()) state[name] = SafeTensor.Float32(p.Value.Span.ToArray(), p.Value.Shape);
        foreach (var (name, b) in NamedBuffers())
        {
            state[name] = b.Floats is { } f
                ? SafeTensor.Float32(f.Span.ToArray(), b.Shape)
                : SafeTensor.Int64((long[])b.Integers!.Clone(), b.Shape);
        }
        return state;
    }

    /// <summary>Copies parameters and buffers from <paramref name="state"/> by name. A shape mismatch or a
    /// float/integer mismatch always fails; with <paramref name="strict"/>, a missing or unexpected key fails
    /// too (before anything is copied). Errors are <see cref="DataFormatException"/>s naming
    /// <paramref name="source"/> and the key. Returns the keys that were missing and unexpected.</summary>
    public StateDictLoadResult LoadStateDict(IReadOnlyDictionary<string, SafeTensor> state, bool strict = true, string source = "state dict")
    {
        ArgumentNullException.ThrowIfNull(state);
        var targets = new Dictionary<string, (Tensor? Floats, long[]? Integers, int[] Shape)>(StringComparer.Ordinal);
        foreach (var (name, p) in NamedParameters()) targets[name] = (p.Value, null, p.Value.Shape);
        foreach (var (name, b) in NamedBuffers()) targets[name] = (b.Floats, b.Integers, b.Shape);
        var missing = targets.Keys.Where(k => !state.ContainsKey(k)).ToList();
        var unexpected = state.Keys.Where(k => !targets.ContainsKey(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        if (strict && missing.Count > 0)
            throw new DataFormatException(source, $"missing {missing.Count} key(s) the module needs: {string.Join(", ", missing.Take(8))}{(missing.Count > 8 ? ", …" : "")}", field: missing[0]);
        if (strict && unexpected.Count > 0)
            throw new DataFormatException(source, $"{unexpected.Count} unexpected key(s) the module does not have: {string.Join(", ", unexpected.Take(8))}{(unexpected.Count > 8 ? ", …" : "")}", field: unexpected[0]);
        foreach (var (name, target) in targets)
        {
            if (!state.TryGetValue(name, out var entry)) continue;
            if (!entry.Shape.SequenceEqual(target.Shape))
                throw new DataFormatException(source, $"shape [{string.Join(",", entry.Shape)}] does not match the module's [{string.Join(",", target.Shape)}]", field: name);
            if (target.Floats is not null && entry.Floats is null)
                throw new DataFormatException(source, $"expected a floating-point tensor, got {entry.DType}", field: name);
            if (target.Integers is not null && entry.Integers is null)
                throw new DataFormatException(source, $"expected an integer tensor, got {entry.DType}", field: name);
            var have = entry.Floats?.Length ?? entry.Integers?.Length ?? 0;
            var need = target.Floats?.Length ?? target.Integers!.Length;
            if (have != need)
                throw new DataFormatException(source, $"holds {have} values, shape [{string.Join(",", entry.Shape)}] needs {need}", field: name);
            SafeTensor.RequireFinite(entry, name, source);
        }
        foreach (var (name, target) in targets)
        {
            if (!state.TryGetValue(name, out var entry)) continue;
            if (target.Floats is { } f) entry.Floats.AsSpan(0, f.Length).CopyTo(f.Span);
            else entry.Integers!.AsSpan(0, target.Integers!.Length).CopyTo(target.Integers);
        }
        return new StateDictLoadResult(missing, unexpected);
    }

    /// <summary>Registers a parameter under <paramref name="name"/>; returns it.</summary>
    protected Parameter RegisterParameter(string name, Parameter parameter)
    {
        CheckName(name);
        _parameters.Add((name, parameter));
        return parameter;
    }

    /// <summary>Registers a buffer under <paramref name="name"/>; returns it.</summary>
    protected ModuleBuffer RegisterBuffer(string name, ModuleBuffer buffer)
    {
        CheckName(name);
        _buffers.Add((name, buffer));
        return buffer;
    }

    /// <summary>Registers a submodule under <paramref name="name"/>; returns it.</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        ArgumentNullException.ThrowIfNull(module);
        CheckName(name);
        _children.Add((name, module));
        module.Train(IsTraining);
        return module;
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new InvalidOptionException(nameof(name), $"'{name}' must be non-empty and contain no '.'");
        if (_parameters.Any(p => p.Name == name) || _buffers.Any(b => b.Name == name) || _children.Any(c => c.Name == name))
            throw new InvalidOptionException(nameof(name), $"'{name}' is already registered on {GetType().Name}");
    }

    private IEnumerable<(string, T)> Walk<T>(string prefix, Func<Module, List<(string Name, T Item)>> items)
    {
        foreach (var (name, item) in items(this)) yield return (prefix + name, item);
        foreach (var (name, child) in _children)
            foreach (var entry in child.Walk(prefix + name + ".", items))
                yield return entry;
    }
}
