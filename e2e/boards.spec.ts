import { watchCsp } from './csp-guard';
import { openDashboard, uniqueSuffix } from './helpers';
import { expect, placeSeries, test } from './test';

test.describe('boards', () => {
  test('a board is created from the menu, reached by its URL, holds its own widgets, renamed and deleted', async ({
    page,
    context,
    request,
  }) => {
    test.setTimeout(90_000);
    const csp = await watchCsp(page);
    const suffix = uniqueSuffix();
    const series = `e2e.board.${suffix}`;
    expect(
      (await request.post('/api/metrics', { data: { samples: [{ series, value: 7 }] } })).status(),
    ).toBe(200);
    await openDashboard(page);
    await expect(page.getByTestId('board-current')).toContainText('Default');

    await page.getByTestId('board-current').click();
    await page.getByTestId('board-new-name').fill(`Board ${suffix}`);
    await page.getByTestId('board-create').click();
    const slug = `board-${suffix}`.toLowerCase();
    await expect(page).toHaveURL(new RegExp(`/b/${slug}$`));
    await expect(page.getByTestId('board-current')).toContainText(`Board ${suffix}`);
    // A new board holds only what is put on it.
    await expect(page.getByTestId('dashboard-empty')).toBeVisible();

    await page.getByTestId('series-picker-input').fill(series);
    await page.getByTestId('series-picker-option').first().click();
    const widget = page.getByTestId(`widget-${series}`);
    await expect(widget).toBeVisible();
    await expect
      .poll(async () => {
        const layout = (await (await request.get(`/api/boards/${slug}/layout`)).json()) as {
          widgets: { series: string }[];
        };
        return layout.widgets.map((w) => w.series);
      })
      .toEqual([series]);

    // The URL alone opens it, in another tab.
    const other = await context.newPage();
    await other.goto(`/b/${slug}`);
    await expect(other.getByTestId(`widget-${series}`)).toBeVisible();
    await expect(other.getByTestId('board-current')).toContainText(`Board ${suffix}`);

    // Renamed here, the other tab's menu follows (event: boards).
    await page.getByTestId('board-current').click();
    await page.getByTestId('board-rename-name').fill(`Renamed ${suffix}`);
    await page.getByTestId('board-rename').click();
    await expect(other.getByTestId('board-current')).toContainText(`Renamed ${suffix}`);

    // The board list finds it by search.
    await other.getByTestId('board-current').click();
    await other.getByTestId('board-search').fill(`renamed ${suffix}`);
    await expect(other.getByTestId('board-list').locator('a')).toHaveText([`Renamed ${suffix}`]);

    // Delete, after a confirm step: back to the default board; the old URL says it is gone.
    await page.getByTestId('board-delete').click();
    await page.getByTestId('board-delete-confirm').click();
    await expect(page).toHaveURL(/\/$/);
    await other.reload();
    await expect(other.getByTestId('board-missing')).toBeVisible();
    expect(await csp.violations()).toEqual([]);
  });

  test('a malformed board slug is a 404 page', async ({ request }) => {
    expect((await request.get('/b/Not_A_Slug')).status()).toBe(404);
  });

  test('the filter box shows only the widgets that match, and says how many', async ({
    page,
    request,
  }) => {
    const suffix = uniqueSuffix();
    const [alpha, beta] = [`e2e.filter.alpha.${suffix}`, `e2e.filter.beta.${suffix}`];
    const samples = [alpha, beta].map((series) => ({ series, value: 1 }));
    expect((await request.post('/api/metrics', { data: { samples } })).status()).toBe(200);
    await placeSeries(request, alpha, beta);
    await openDashboard(page);
    await expect(page.getByTestId(`widget-${alpha}`)).toBeVisible();
    await expect(page.getByTestId(`widget-${beta}`)).toBeVisible();
    await page.getByTestId('board-filter').fill(`alpha ${suffix}`);
    await expect(page.getByTestId(`widget-${alpha}`)).toBeVisible();
    await expect(page.getByTestId(`widget-${beta}`)).toHaveCount(0);
    await expect(page.getByTestId('board-filter-count')).toContainText('1 of');
    await page.getByTestId('board-filter').fill('');
    await expect(page.getByTestId(`widget-${beta}`)).toBeVisible();
  });
});
