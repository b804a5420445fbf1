namespace ShopStream.Analytics.Models;

/// <summary>Orders models so each runs after the models whose tables it reads (a topological sort, ties in catalogue order).</summary>
public static class ModelOrder
{
    /// <exception cref="InvalidOperationException">The models read each other in a cycle.</exception>
    public static IReadOnlyList<GoldModel> Sort(IReadOnlyList<GoldModel> models)
    {
        var byView = models.ToDictionary(m => m.ViewName, StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<GoldModel>();
        void Visit(GoldModel m)
        {
            if (done.Contains(m.Name))
                return;
            if (!visiting.Add(m.Name))
                throw new InvalidOperationException($"the models read each other in a cycle through {m.Name}");
            foreach (var up in m.Upstream)
            {
                if (byView.TryGetValue(up, out var u))
                    Visit(u);
            }

            visiting.Remove(m.Name);
            done.Add(m.Name);
            order.Add(m);
        }

        foreach (var m in models)
            Visit(m);
        return order;
    }

    /// <summary>
    /// The models a selection names, in run order: <c>NAME</c> alone, <c>NAME+</c> with everything downstream of it,
    /// <c>+NAME</c> with everything upstream (as dbt's selectors). Empty: every model.
    /// </summary>
    /// <exception cref="ArgumentException">A name is not a model.</exception>
    public static IReadOnlyList<GoldModel> Select(IReadOnlyList<GoldModel> all, IReadOnlyList<string> selectors)
    {
        if (selectors.Count == 0)
            return Sort(all);
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in selectors)
        {
            bool up = raw.StartsWith('+');
            bool down = raw.EndsWith('+');
            string name = raw[(up ? 1 : 0)..^(down && raw.Length > 1 ? 1 : 0)]; // one + a side: rfm++ is no model
            var model = all.FirstOrDefault(m => m.Name == name || m.ViewName == name || m.TablePath == name)
                ?? throw new ArgumentException($"--select: no model '{name}' (models: {string.Join(", ", all.Select(m => m.Name))})");
            chosen.Add(model.Name);
            if (down)
                chosen.UnionWith(Downstream(all, model).Select(m => m.Name));
            if (up)
                chosen.UnionWith(Upstream(all, model).Select(m => m.Name));
        }

        return Sort(all).Where(m => chosen.Contains(m.Name)).ToList();
    }

    private static IEnumerable<GoldModel> Downstream(IReadOnlyList<GoldModel> all, GoldModel model)
    {
        var found = new HashSet<string>(StringComparer.Ordinal) { model.ViewName };
        bool grew = true;
        while (grew)
        {
            grew = false;
            foreach (var m in all.Where(m => !found.Contains(m.ViewName) && m.Upstream.Any(found.Contains)))
                grew |= found.Add(m.ViewName);
        }

        return all.Where(m => found.Contains(m.ViewName));
    }

    private static IEnumerable<GoldModel> Upstream(IReadOnlyList<GoldModel> all, GoldModel model)
    {
        var found = new HashSet<string>(StringComparer.Ordinal) { model.ViewName };
        var queue = new Queue<GoldModel>([model]);
        while (queue.Count > 0)
        {
            foreach (var up in queue.Dequeue().Upstream)
            {
                if (all.FirstOrDefault(m => m.ViewName == up) is { } u && found.Add(u.ViewName))
                    queue.Enqueue(u);
            }
        }

        return all.Where(m => found.Contains(m.ViewName));
    }
}
