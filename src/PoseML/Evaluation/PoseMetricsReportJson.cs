using System.Text;
using System.Text.Json;

namespace PoseML.Evaluation;

/// <summary>The JSON form of a <see cref="PoseMetricsReport"/> (what <c>poseml evaluate --format json</c>
/// prints): keys <c>frames</c>, <c>mpjpe</c>, <c>pa_mpjpe</c>, <c>n_mpjpe</c>, <c>pck150</c>, <c>auc</c>,
/// <c>per_joint</c> (joint name → mpjpe) and <c>per_action</c> (action name → <c>frames</c>, <c>mpjpe</c>,
/// <c>pa_mpjpe</c>), then, only when computed, <c>mpjve</c> and <c>bone_symmetry</c>, and
/// <c>missing_joints</c> when some were skipped. Millimetres and percentages; an undefined value is null.</summary>
public static class PoseMetricsReportJson
{
    /// <summary>Writes the report as JSON.</summary>
    public static void Write(PoseMetricsReport report, Stream stream, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented });
        w.WriteStartObject();
        w.WriteNumber("frames", report.Frames);
        Number(w, "mpjpe", report.Mpjpe);
        Number(w, "pa_mpjpe", report.PaMpjpe);
        Number(w, "n_mpjpe", report.NMpjpe);
        Number(w, "pck150", report.Pck150);
        Number(w, "auc", report.Auc);
        w.WriteStartObject("per_joint");
        foreach (var (joint, value) in report.PerJoint) Number(w, joint, value);
        w.WriteEndObject();
        w.WriteStartObject("per_action");
        foreach (var (action, m) in report.PerAction)
        {
            w.WriteStartObject(action);
            w.WriteNumber("frames", m.Frames);
            Number(w, "mpjpe", m.Mpjpe);
            Number(w, "pa_mpjpe", m.PaMpjpe);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        if (report.Mpjve is { } v) Number(w, "mpjve", v);
        if (report.BoneSymmetry is { } s) Number(w, "bone_symmetry", s);
        if (report.MissingJoints > 0) w.WriteNumber("missing_joints", report.MissingJoints);
        w.WriteEndObject();
    }

    /// <summary>The report as a JSON string.</summary>
    public static string ToJson(PoseMetricsReport report, bool indented = true)
    {
        using var stream = new MemoryStream();
        Write(report, stream, indented);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, Math.Round(value, 6));
        else w.WriteNull(name);
    }
}
