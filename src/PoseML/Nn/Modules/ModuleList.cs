namespace PoseML.Nn.Modules;

/// <summary>Holds submodules named "0", "1", … (PyTorch's <c>nn.ModuleList</c>) so they appear in the
/// state dict; it has no forward pass of its own: the owning module calls the items.</summary>
public sealed class ModuleList : Module
{
    private readonly Module[] _items;

    /// <summary>Registers <paramref name="items"/> by index.</summary>
    public ModuleList(params Module[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        for (var i = 0; i < items.Length; i++) RegisterModule(i.ToString(System.Globalization.CultureInfo.InvariantCulture), items[i]);
        _items = (Module[])items.Clone();
    }

    /// <summary>Number of items.</summary>
    public int Count => _items.Length;

    /// <summary>Item <paramref name="index"/>.</summary>
    public Module this[int index] => _items[index];

    /// <summary>Not supported: a module list is a container; call its items.</summary>
    public override Tensor Forward(Tensor input) => throw new NotSupportedException("ModuleList has no forward pass; call its items");

    /// <summary>Not supported: a module list is a container; call its items.</summary>
    public override Tensor Backward(Tensor gradOutput) => throw new NotSupportedException("ModuleList has no backward pass; call its items");
}
