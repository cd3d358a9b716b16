using System.Text;

namespace PoseML.Vision.Images.Rendering;

/// <summary>Stable seeds from text and numbers (FNV-1a, then a SplitMix64 finaliser). Unlike
/// <see cref="string.GetHashCode()"/>, the result is the same in every process, so a row's image depends only
/// on the row's keys and the seed.</summary>
internal static class RenderSeed
{
    public static int Of(int seed, string a, string b = "", int c = 0, int d = 0)
    {
        var h = 14695981039346656037UL ^ (uint)seed;
        h = Add(h, a);
        h = Add(h ^ 0xFF, b);
        h = (h ^ (uint)c) * 1099511628211UL;
        h = (h ^ (uint)d) * 1099511628211UL;
        h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
        return (int)((h ^ (h >> 31)) & 0x7FFFFFFF);
    }

    private static ulong Add(ulong h, string text)
    {
        foreach (var ch in text)
        {
            h = (h ^ ch) * 1099511628211UL;
        }
        return h;
    }
}
