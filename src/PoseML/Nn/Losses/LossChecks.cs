using PoseML.Core;

namespace PoseML.Nn.Losses;

internal static class LossChecks
{
    public static void SameShape(Tensor prediction, Tensor target, string loss)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        if (!prediction.Shape.AsSpan().SequenceEqual(target.Shape))
            throw new InvalidOptionException("target", $"{loss} needs the target shaped like the prediction [{string.Join(",", prediction.Shape)}], got [{string.Join(",", target.Shape)}]");
        if (prediction.Length == 0) throw new InvalidOptionException("prediction", $"{loss} of an empty tensor is undefined");
    }

    public static Tensor Ensure(ref Tensor? buffer, Tensor like)
    {
        if (buffer is null) return buffer = Tensor.Zeros(like.Shape);
        if (!buffer.Shape.AsSpan().SequenceEqual(like.Shape)) buffer.Resize(like.Shape);
        return buffer;
    }
}
