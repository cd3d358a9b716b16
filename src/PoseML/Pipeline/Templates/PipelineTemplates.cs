using PoseML.Core;
using PoseML.Stages.Regression;

namespace PoseML.Pipeline.Templates;

/// <summary>The registry of named pipelines used by the command line (<c>--model NAME</c>). A new lifter adds
/// one line to the static constructor (or calls <see cref="Register"/> from its own assembly).</summary>
public static class PipelineTemplates
{
    private static readonly object Lock = new();
    private static readonly List<IPipelineTemplate> Templates = [];

    static PipelineTemplates()
    {
        Register(new PipelineTemplate<LinearLifterOptions>("linear", "z-score Keypoints2D, then ridge regression to Pose3D",
            new LinearLifterOptions(), (ctx, o, _) => ctx.Transforms.NormalizeMeanVariance().Append(ctx.Lifting.LinearLifter(o))));
    }

    /// <summary>Adds (or replaces, by name) a template.</summary>
    public static void Register(IPipelineTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        lock (Lock)
        {
            Templates.RemoveAll(t => t.Name == template.Name);
            Templates.Add(template);
        }
    }

    /// <summary>Every template, in registration order.</summary>
    public static IReadOnlyList<IPipelineTemplate> All
    {
        get
        {
            lock (Lock) return Templates.ToArray();
        }
    }

    /// <summary>The template called <paramref name="name"/>.</summary>
    /// <exception cref="InvalidOptionException">No such template; the message lists the known ones.</exception>
    public static IPipelineTemplate Get(string name)
    {
        lock (Lock)
        {
            return Templates.FirstOrDefault(t => t.Name == name)
                ?? throw new InvalidOptionException("model", $"unknown model '{name}'; expected one of {string.Join(", ", Templates.Select(t => t.Name))}");
        }
    }
}
