using PoseML.Core;

namespace PoseML.Stages.RarePose;

/// <summary>Picks the rarest poses by occurrence: the Rare Pose Protocol's "R % of poses with the lowest
/// occurrence" (SRNet §4.2).</summary>
public static class RarePoseSelection
{
    /// <summary>How many of <paramref name="count"/> poses are the rarest <paramref name="percent"/> %:
    /// <c>ceil(R·N/100)</c>, so any R &gt; 0 keeps at least one pose (R·N/100 is rounded to 9 decimals first, so that
    /// 10 % of 100 is exactly 10 and not 11 through floating-point noise).</summary>
    /// <exception cref="InvalidOptionException"><paramref name="percent"/> is not in (0, 100].</exception>
    public static int RarestCount(long count, double percent)
    {
        CheckPercent(percent);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return (int)Math.Min(count, (long)Math.Ceiling(Math.Round(percent * count / 100.0, 9)));
    }

    /// <summary>The row indices of the <see cref="RarestCount"/> poses with the lowest occurrence, in ascending row
    /// order. Ties are broken by row index (the earlier row counts as rarer); NaN occurrences (poses with missing
    /// joints) are never selected.</summary>
    public static int[] RarestRows(ReadOnlySpan<float> occurrence, double percent)
    {
        var k = RarestCount(occurrence.Length, percent);
        var order = new int[occurrence.Length];
        var keys = new float[occurrence.Length];
        var missing = new bool[occurrence.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            missing[i] = float.IsNaN(occurrence[i]);
            keys[i] = missing[i] ? float.PositiveInfinity : occurrence[i];
        }
        // (occurrence, row) is a strict total order, so the selection does not depend on the sort's stability
        Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : a.CompareTo(b));
        var chosen = order.Take(k).Where(i => !missing[i]).ToArray();
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>A mask over the rows: true for the rarest <paramref name="percent"/> % (see <see cref="RarestRows"/>).</summary>
    public static bool[] RarestMask(ReadOnlySpan<float> occurrence, double percent)
    {
        var mask = new bool[occurrence.Length];
        foreach (var r in RarestRows(occurrence, percent)) mask[r] = true;
        return mask;
    }

    internal static void CheckPercent(double percent)
    {
        if (!(percent > 0 && percent <= 100))
            throw new InvalidOptionException("rare", $"the percentage of rarest poses must lie in (0, 100], got {percent}");
    }
}
