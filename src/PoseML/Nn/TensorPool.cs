using PoseML.Core;

namespace PoseML.Nn;

/// <summary>A pool of float buffers for the engine's hot paths: training and inference steps rent
/// activation, gradient and scratch buffers here and return them, so a steady-state step allocates no
/// new arrays. Buffers come in power-of-two size classes (a rented array is at least as long as asked,
/// its contents are whatever the last user left unless <c>clear</c> is set); each class keeps at most
/// <see cref="MaxRetainedPerSize"/> returned arrays. Thread-safe.</summary>
/// <remarks>A <see cref="Tensor"/> accepts a backing array longer than its shape, so
/// <see cref="RentTensor"/> wraps a pooled array directly; returning the tensor returns its array.
/// Never use a buffer after returning it.</remarks>
public sealed class TensorPool
{
    private const int MinClass = 4; // 16 floats
    private readonly Stack<float[]>[] _classes = new Stack<float[]>[32];

    /// <summary>Creates an empty pool that keeps at most <paramref name="maxRetainedPerSize"/> arrays per
    /// size class.</summary>
    public TensorPool(int maxRetainedPerSize = 32)
    {
        if (maxRetainedPerSize < 0) throw new InvalidOptionException(nameof(maxRetainedPerSize), $"must be ≥ 0, got {maxRetainedPerSize}");
        MaxRetainedPerSize = maxRetainedPerSize;
        for (var c = 0; c < _classes.Length; c++) _classes[c] = new Stack<float[]>();
    }

    /// <summary>The process-wide pool.</summary>
    public static TensorPool Shared { get; } = new();

    /// <summary>Most returned arrays kept per size class; more are left to the garbage collector.</summary>
    public int MaxRetainedPerSize { get; }

    /// <summary>An array of at least <paramref name="length"/> floats (a power of two ≥ 16), zeroed when
    /// <paramref name="clear"/>.</summary>
    public float[] Rent(int length, bool clear = false)
    {
        if (length < 0) throw new InvalidOptionException(nameof(length), $"must be ≥ 0, got {length}");
        var sizeClass = SizeClass(length);
        float[]? array = null;
        var stack = _classes[sizeClass];
        lock (stack)
        {
            if (stack.Count > 0) array = stack.Pop();
        }
        if (array is null) return new float[CapacityOf(sizeClass, length)];
        if (clear) Array.Clear(array);
        return array;
    }

    /// <summary>Gives <paramref name="array"/> back to the pool. Arrays the pool did not hand out are
    /// accepted when their length is a size class (a power of two ≥ 16) and ignored otherwise.</summary>
    public void Return(float[] array)
    {
        ArgumentNullException.ThrowIfNull(array);
        var length = array.Length;
        if (length < 1 << MinClass || (length & (length - 1)) != 0) return;
        var stack = _classes[SizeClass(length)];
        lock (stack)
        {
            if (stack.Count < MaxRetainedPerSize) stack.Push(array);
        }
    }

    /// <summary>A tensor of the given shape on a pooled array, zeroed when <paramref name="clear"/>.</summary>
    public Tensor RentTensor(int[] shape, bool clear = false)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long n = 1;
        foreach (var d in shape) n *= Math.Max(0, d);
        var data = Rent((int)Math.Min(n, Array.MaxLength), clear);
        return new Tensor(data, shape);
    }

    /// <summary>Returns the backing array of <paramref name="tensor"/> (rented with <see cref="RentTensor"/>)
    /// to the pool; the tensor must not be used afterwards.</summary>
    public void Return(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        Return(tensor.Data);
    }

    private static int SizeClass(int length)
    {
        if (length <= 1 << MinClass) return MinClass;
        return 32 - int.LeadingZeroCount(length - 1);
    }

    private static int CapacityOf(int sizeClass, int length) =>
        sizeClass >= 31 ? length : 1 << sizeClass; // beyond 2³⁰ floats: exact size, never pooled
}
