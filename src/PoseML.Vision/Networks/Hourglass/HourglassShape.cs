using PoseML.Core;

namespace PoseML.Vision.Networks.Hourglass;

/// <summary>The architecture of a <see cref="StackedHourglass"/>: how many hourglasses, their width (feature
/// channels), their depth (down-sampling levels), the square input size and the number of joints.</summary>
/// <param name="Stacks">Hourglasses in sequence, each supervised (intermediate supervision).</param>
/// <param name="Width">Feature channels inside the hourglasses (Newell et al.: 256).</param>
/// <param name="Depth">Down-sampling levels of each hourglass (Newell et al.: 4).</param>
/// <param name="InputSize">Side S of the square RGB input; heatmaps are S/4 × S/4.</param>
/// <param name="Joints">Heatmaps (one per joint).</param>
public sealed record HourglassShape(int Stacks, int Width, int Depth, int InputSize, int Joints)
{
    /// <summary>Input pixels per heatmap pixel (the stem's stride-2 convolution and max-pool).</summary>
    public const int Stride = 4;

    /// <summary>Side of the square heatmaps, <see cref="InputSize"/> / 4.</summary>
    public int HeatmapSize => InputSize / Stride;

    /// <summary>Checks the shape: positive sizes, even width, and an input divisible by 4·2^depth.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range.</exception>
    public void Validate()
    {
        if (Stacks < 1) throw new InvalidOptionException(nameof(Stacks), $"must be ≥ 1, got {Stacks}");
        if (Width < 2 || Width % 2 != 0) throw new InvalidOptionException(nameof(Width), $"must be an even number ≥ 2, got {Width}");
        if (Depth < 1) throw new InvalidOptionException(nameof(Depth), $"must be ≥ 1, got {Depth}");
        if (Joints < 1) throw new InvalidOptionException(nameof(Joints), $"must be ≥ 1, got {Joints}");
        var multiple = Stride << Depth;
        if (InputSize < multiple || InputSize % multiple != 0)
            throw new InvalidOptionException(nameof(InputSize), $"must be a positive multiple of 4·2^Depth = {multiple} (Depth {Depth}), got {InputSize}");
    }
}
